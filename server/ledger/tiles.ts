// C2SP tlog-tiles (shared/specs/c2sp-tlog-tiles.md), pure: tile paths, the right edge of the tree as
// partial tiles, what an append completes, and where a perfect subtree's hash lives among the tiles.
// A hash tile at level L holds 256 Merkle Tree Hashes at tree height 8·L; an entry bundle holds the
// 256 entries of the level-0 tile of the same index, each prefixed with its length (uint16, big-endian).
import { concatBytes } from './bytes.ts';
import { HASH_SIZE, rootFromLeaves, type Hash, type NodeId } from './merkle.ts';

export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;
/** uint16 length prefix: a longer entry cannot be put in a bundle (and is refused before it is logged). */
export const MAX_ENTRY_BYTES = 0xffff;

export type TileLevel = number | 'entries';

export interface TileRef {
  level: TileLevel;
  index: number;
  /** 1..256; 256 is a full tile. */
  width: number;
}

/** `1234067` → `x001/x234/067` (the spec's `<N>`). */
export function tileIndexPath(index: number): string {
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const parts = digits.match(/.../g)!;
  return parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join('/');
}

/** The path below `<prefix>/tile/`, e.g. `0/x001/234.p/7` or `entries/005`. */
export function tilePath(ref: TileRef): string {
  const n = tileIndexPath(ref.index);
  return `${ref.level}/${n}${ref.width < TILE_WIDTH ? `.p/${ref.width}` : ''}`;
}

const LEVEL = /^(0|[1-9][0-9]?)$/;
const WIDTH = /^([1-9][0-9]{0,2})$/;

/** Parses the segments after `tile/`; undefined for anything the spec does not name. */
export function parseTilePath(segments: readonly string[]): TileRef | undefined {
  if (segments.length < 2) return undefined;
  const [first, ...rest] = segments;
  let level: TileLevel;
  if (first === 'entries') level = 'entries';
  else if (LEVEL.test(first) && Number(first) <= 63) level = Number(first);
  else return undefined;
  let width = TILE_WIDTH;
  if (rest.length >= 2 && rest.at(-2)!.endsWith('.p')) {
    const w = rest.pop()!;
    if (!WIDTH.test(w) || Number(w) >= TILE_WIDTH) return undefined;
    width = Number(w);
    rest[rest.length - 1] = rest.at(-1)!.slice(0, -2);
  }
  // All but the last element are `x` followed by three digits; the last is three digits.
  let digits = '';
  for (let i = 0; i < rest.length; i += 1) {
    const m = (i < rest.length - 1 ? /^x([0-9]{3})$/ : /^([0-9]{3})$/).exec(rest[i]);
    if (!m) return undefined;
    digits += m[1];
  }
  const index = Number(digits);
  if (!Number.isSafeInteger(index)) return undefined;
  // One encoding per index: no leading zero groups (`x000/001` is not `001`).
  if (tileIndexPath(index) !== rest.join('/')) return undefined;
  return { level, index, width };
}

/** Width of the partial tile at `level` for a tree of `size`: floor(size / 256^level) mod 256 (0: none). */
export function partialWidth(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level) % TILE_WIDTH;
}

/** Number of full tiles at `level` in a tree of `size`. */
export function fullTiles(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** (level + 1));
}

/** The tile that holds hashes of `level` at `index` for `size`, or undefined when the tree has none. */
export function tileFor(size: number, level: TileLevel, index: number): TileRef | undefined {
  const l = level === 'entries' ? 0 : level;
  const full = fullTiles(size, l);
  if (index < full) return { level, index, width: TILE_WIDTH };
  const w = partialWidth(size, l);
  return index === full && w > 0 ? { level, index, width: w } : undefined;
}

/**
 * The right edge of a tree: for each level, the hashes of its partial tile (floor(size/256^L) mod 256
 * of them), and the entries of the partial bundle. Everything left of it is in full, immutable tiles.
 */
export interface TreeEdge {
  size: number;
  levels: Hash[][];
  bundle: Uint8Array[];
}

export const emptyEdge = (): TreeEdge => ({ size: 0, levels: [], bundle: [] });

export interface FullTile {
  level: TileLevel;
  index: number;
  data: Uint8Array;
}

/** uint16-big-endian length-prefixed entries, as a bundle is served. */
export function bundleBytes(entries: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    if (e.length > MAX_ENTRY_BYTES) throw new RangeError(`an entry of ${e.length} bytes does not fit a bundle`);
    parts.push(Uint8Array.of(e.length >> 8, e.length & 0xff), e);
  }
  return concatBytes(...parts);
}

/** Splits a bundle back into its entries; undefined when it is not a well-formed bundle. */
export function bundleEntries(bytes: Uint8Array): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) return undefined;
    const n = (bytes[at] << 8) | bytes[at + 1];
    if (at + 2 + n > bytes.length) return undefined;
    out.push(bytes.subarray(at + 2, at + 2 + n));
    at += 2 + n;
  }
  return out;
}

export const hashesBytes = (hashes: readonly Hash[]): Uint8Array => concatBytes(...hashes);

export function hashesOf(bytes: Uint8Array): Hash[] {
  const out: Hash[] = [];
  for (let at = 0; at + HASH_SIZE <= bytes.length; at += HASH_SIZE) out.push(bytes.subarray(at, at + HASH_SIZE));
  return out;
}

/**
 * Appends leaves (their hash and their entry bytes) to the edge, in seq order. Returns the new edge and
 * the tiles and bundles that became full: a full tile at level L is hashed (MTH of its 256 hashes, the
 * subtree of height 8 above them) into the partial tile at level L+1.
 */
export function appendToEdge(
  edge: TreeEdge,
  leaves: readonly { leaf: Hash; entry: Uint8Array }[],
): { edge: TreeEdge; full: FullTile[] } {
  const levels = edge.levels.map((l) => [...l]);
  let bundle = [...edge.bundle];
  const full: FullTile[] = [];
  let size = edge.size;
  for (const { leaf, entry } of leaves) {
    bundle.push(entry);
    if (bundle.length === TILE_WIDTH) {
      full.push({ level: 'entries', index: Math.floor(size / TILE_WIDTH), data: bundleBytes(bundle) });
      bundle = [];
    }
    let hash = leaf;
    let at = size; // index of `hash` within its level
    for (let level = 0; ; level += 1) {
      levels[level] ??= [];
      levels[level].push(hash);
      if (levels[level].length < TILE_WIDTH) break;
      const index = Math.floor(at / TILE_WIDTH);
      full.push({ level, index, data: hashesBytes(levels[level]) });
      hash = rootFromLeaves(levels[level]);
      levels[level] = [];
      at = index;
    }
    size += 1;
  }
  while (levels.length > 0 && levels.at(-1)!.length === 0 && fullTiles(size, levels.length - 1) === 0) levels.pop();
  return { edge: { size, levels, bundle }, full };
}

/** Where the hash of a perfect subtree is found: hashes [from, from + count) of one tile, MTH'd. */
export interface NodePlace {
  level: number;
  index: number;
  from: number;
  count: number;
}

/** Node (height h, index k): h = 8·L + r lies in the tile of level L, as the MTH of 2^r consecutive hashes. */
export function nodePlace(id: NodeId): NodePlace {
  const level = Math.floor(id.level / TILE_HEIGHT);
  const count = 2 ** (id.level % TILE_HEIGHT);
  const first = id.index * count; // index of the first hash within level L
  return { level, index: Math.floor(first / TILE_WIDTH), from: first % TILE_WIDTH, count };
}

export function nodeFromTile(place: NodePlace, hashes: readonly Hash[]): Hash | undefined {
  if (hashes.length < place.from + place.count) return undefined;
  return rootFromLeaves(hashes.slice(place.from, place.from + place.count));
}

/** The serialized edge: the partial tiles of every level, level 0 first (their widths follow from size). */
export function edgeHashesBytes(edge: TreeEdge): Uint8Array {
  return concatBytes(...edge.levels.map(hashesBytes));
}

export function edgeFromBytes(size: number, hashes: Uint8Array, bundle: Uint8Array[]): TreeEdge | undefined {
  const levels: Hash[][] = [];
  let at = 0;
  for (let level = 0; TILE_WIDTH ** level <= size; level += 1) {
    const w = partialWidth(size, level);
    if (at + w * HASH_SIZE > hashes.length) return undefined;
    levels.push(hashesOf(hashes.subarray(at, at + w * HASH_SIZE)));
    at += w * HASH_SIZE;
  }
  if (at !== hashes.length || bundle.length !== partialWidth(size, 0)) return undefined;
  return { size, levels, bundle };
}
