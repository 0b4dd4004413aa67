// The verifier's walk over the tiles (`npm run verify -- <url> --tiles`): every entry from the entry
// bundles, and every hash tile of every level of the checkpoint's tree compared with the hashes
// recomputed from the entries (C2SP tlog-tiles). It reads each stored hash once, so it is a full audit
// in about 2·n/256 requests (some 8,000 for 10^6 entries) instead of n/2 inclusion proofs.
import { sameBytes, toBase64 } from './bytes.ts';
import { mapLimited } from './concurrency.ts';
import { rootFromLeaves, type Hash } from './merkle.ts';
import { bundleEntries, hashesOf, tilePath, TILE_WIDTH, type TileLevel } from './tiles.ts';
import { CannotVerify, VerificationFailure, type Api } from './verifier-api.ts';
import { checkCanonical, CompactRange, type Progress } from './verifier-entries.ts';

/** Tiles fetched at once, then checked in order. */
const WINDOW = 32;

async function getBytes(api: Api, level: TileLevel, index: number, width: number): Promise<Uint8Array> {
  const url = new URL(`api/v1/ledger/tile/${tilePath({ level, index, width })}`, api.base).href;
  let response: Awaited<ReturnType<Api['fetch']>>;
  try {
    response = await api.fetch(url, {
      headers: { accept: 'application/octet-stream' },
      signal: AbortSignal.timeout(api.timeoutMs),
    });
  } catch (error) {
    throw new CannotVerify(`cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status !== 200) throw new CannotVerify(`GET ${url} answered ${response.status}`);
  if (!response.arrayBuffer) throw new CannotVerify('this fetch cannot read bytes (tiles need arrayBuffer())');
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches tiles 0 … count-1 of one kind WINDOW at a time and hands each, in order, to `check`. */
async function eachTile(
  count: number,
  concurrency: number,
  fetchTile: (index: number) => Promise<Uint8Array>,
  check: (index: number, data: Uint8Array) => void,
): Promise<void> {
  for (let start = 0; start < count; start += WINDOW) {
    const n = Math.min(WINDOW, count - start);
    const tiles = await mapLimited(n, concurrency, (i) => fetchTile(start + i));
    tiles.forEach((data, i) => check(start + i, data));
  }
}

function compareTile(level: number, index: number, served: Uint8Array, expected: readonly Hash[]): void {
  const hashes = hashesOf(served);
  const path = tilePath({ level, index, width: expected.length });
  if (served.length !== expected.length * 32)
    throw new VerificationFailure(`tile ${path}: ${served.length} bytes, expected ${expected.length} hashes`);
  expected.forEach((h, i) => {
    if (!sameBytes(h, hashes[i])) {
      const what = level === 0 ? `the leaf of entry ${index * TILE_WIDTH + i}` : `hash ${i}`;
      throw new VerificationFailure(
        `tile ${path}: ${what} is ${toBase64(hashes[i])}, recomputed from the entries ${toBase64(h)}`,
      );
    }
  });
}

/**
 * Checks the first `size` entries from their bundles and every tile of the tree of that size; returns
 * the root recomputed from the entries and the roots at `prefixSizes`.
 */
export async function foldTiles(
  api: Api,
  size: number,
  prefixSizes: ReadonlySet<number>,
  concurrency: number,
  progress: Progress,
): Promise<{ root: Hash; prefixRoots: Map<number, Hash>; tiles: number }> {
  const tree = new CompactRange();
  const prefixRoots = new Map<number, Hash>();
  const widthAt = (count: number, index: number) => Math.min(TILE_WIDTH, count - index * TILE_WIDTH);
  let tiles = 0;
  // Level 0 and the bundles: the leaves, from the entries.
  let below: Hash[] = []; // the hashes of the level being checked, recomputed from the one below
  const bundles = Math.ceil(size / TILE_WIDTH);
  await eachTile(
    bundles,
    concurrency,
    async (n) => {
      const w = widthAt(size, n);
      const [bundle, tile] = await Promise.all([getBytes(api, 'entries', n, w), getBytes(api, 0, n, w)]);
      const joined = new Uint8Array(4 + bundle.length + tile.length);
      new DataView(joined.buffer).setUint32(0, bundle.length);
      joined.set(bundle, 4);
      joined.set(tile, 4 + bundle.length);
      return joined;
    },
    (n, joined) => {
      tiles += 2;
      const split = new DataView(joined.buffer).getUint32(0);
      const entries = bundleEntries(joined.subarray(4, 4 + split));
      const w = widthAt(size, n);
      const first = n * TILE_WIDTH;
      if (!entries)
        throw new VerificationFailure(`entry bundle ${tilePath({ level: 'entries', index: n, width: w })}: malformed`);
      if (entries.length !== w)
        throw new VerificationFailure(
          `entry ${first + Math.min(entries.length, w)}: bundle ${n} holds ${entries.length} entries, expected ${w}`,
        );
      const decoder = new TextDecoder('utf-8', { fatal: true });
      const leaves = entries.map((bytes, i) => {
        let text: string;
        try {
          text = decoder.decode(bytes);
        } catch {
          throw new VerificationFailure(`entry ${first + i}: not UTF-8`);
        }
        const leaf = checkCanonical(text, first + i);
        tree.append(leaf);
        if (prefixSizes.has(first + i + 1)) prefixRoots.set(first + i + 1, tree.root());
        return leaf;
      });
      compareTile(0, n, joined.subarray(4 + split), leaves);
      if (w === TILE_WIDTH) below.push(rootFromLeaves(leaves));
      progress.tick(first + w, size, 'entries');
    },
  );
  // Levels 1 and up: each hash is the MTH of a full tile of the level below.
  for (let level = 1; below.length > 0; level += 1) {
    const hashes = below;
    below = [];
    const count = Math.ceil(hashes.length / TILE_WIDTH);
    await eachTile(
      count,
      concurrency,
      (n) => getBytes(api, level, n, widthAt(hashes.length, n)),
      (n, data) => {
        tiles += 1;
        const expected = hashes.slice(n * TILE_WIDTH, n * TILE_WIDTH + widthAt(hashes.length, n));
        compareTile(level, n, data, expected);
        if (expected.length === TILE_WIDTH) below.push(rootFromLeaves(expected));
      },
    );
  }
  return { root: tree.root(), prefixRoots, tiles };
}
