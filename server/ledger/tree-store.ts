// The Merkle tree over stored entries, kept as C2SP tlog-tiles (tiles.ts): full tiles and bundles one
// document each, read by `_id` only (the one lookup FerretDB sends to SQL) and cached in memory, since
// they never change; the right edge (the partial tiles) in two small documents. A root or a proof at
// any size needs a few tiles: at 10^6 entries, three levels (RFC 9162 §2.1 in merkle.ts).
import mongoose from 'mongoose';
import type { Models } from '../../models/index.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { utf8Bytes } from './bytes.ts';
import { raiseCounter, type EntryStore } from './entry-store.ts';
import {
  consistencyProofRanges,
  inclusionProofRanges,
  leafHash,
  nodeKey,
  nodesForRanges,
  rangeHash,
  rootFromLeaves,
  type Hash,
  type LeafRange,
  type NodeId,
} from './merkle.ts';
import { TileCache } from './tile-cache.ts';
import {
  appendToEdge,
  bundleBytes,
  bundleEntries,
  edgeFromBytes,
  edgeHashesBytes,
  emptyEdge,
  fullTiles,
  hashesBytes,
  hashesOf,
  nodeFromTile,
  nodePlace,
  partialWidth,
  TILE_WIDTH,
  type FullTile,
  type TileRef,
  type TreeEdge,
} from './tiles.ts';

const BATCH = TILE_WIDTH;
/** 4096 hash tiles (32 MiB) hold every full tile of a log of 16 million entries but the level-0 ones past 10^6. */
const HASH_TILES_CACHED = 4096;
/** Bundles are larger (a few hundred bytes an entry): 128 of them, the tail a monitor follows. */
const BUNDLES_CACHED = 128;

/** An entry as the tree needs it: its exact canonical bytes (the leaf hash is computed over them). */
export interface TreeLeaf {
  seq: number;
  canonical: string;
}

const tileId = (level: number, index: number) => `${level}/${index}`;

export class TreeStore {
  // The right edge as this instance last stored it: appending needs exactly this, so the write path
  // reads nothing back. Proofs read the stored edge: what outsiders check is what is stored.
  private edge: TreeEdge | undefined;
  private readonly hashTiles = new TileCache<Uint8Array>(HASH_TILES_CACHED);
  private readonly bundles = new TileCache<Uint8Array>(BUNDLES_CACHED);

  constructor(
    private readonly models: Models,
    private readonly entries: EntryStore,
  ) {}

  /** Number of leaves whose tiles are all stored. */
  async size(): Promise<number> {
    const state = await this.models.LedgerState.findById('tree').lean();
    return state?.size ?? 0;
  }

  /** MTH of the first `size` leaves, from the edge kept in memory when it is that size. */
  async headRoot(size: number): Promise<Hash> {
    const edge = this.edge;
    if (edge && size === edge.size) return rangeHash({ start: 0, end: size }, edgeLookup(edge));
    return this.root(size);
  }

  /** The edge as stored; a bundle document behind the hashes (a crash between the two writes) is rebuilt. */
  async storedEdge(): Promise<TreeEdge> {
    const { LedgerEdge } = this.models;
    const [hashes, bundle] = await Promise.all([
      LedgerEdge.findById('hashes').lean(),
      LedgerEdge.findById('entries').lean(),
    ]);
    if (!hashes) return emptyEdge();
    const size = hashes.size;
    let entries = bundle && bundle.size === size ? bundleEntries(storedBytes(bundle.data)) : undefined;
    if (!entries) {
      const from = fullTiles(size, 0) * TILE_WIDTH;
      entries = (await this.entries.range(from, size)).map((e) => utf8Bytes(e.canonical));
    }
    const edge = edgeFromBytes(size, storedBytes(hashes.data), entries);
    if (!edge) throw new Error(`the stored edge of the tree (size ${size}) is malformed`);
    return edge;
  }

  private async fullHashTile(level: number, index: number): Promise<Uint8Array | undefined> {
    const id = tileId(level, index);
    const cached = this.hashTiles.get(id);
    if (cached) return cached;
    const doc = await this.models.LedgerTile.findById(id).lean();
    if (!doc) return undefined;
    const data = storedBytes(doc.data);
    this.hashTiles.set(id, data);
    return data;
  }

  private async fullBundle(index: number): Promise<Uint8Array | undefined> {
    const id = String(index);
    const cached = this.bundles.get(id);
    if (cached) return cached;
    const doc = await this.models.LedgerBundle.findById(id).lean();
    if (!doc) return undefined;
    const data = storedBytes(doc.data);
    this.bundles.set(id, data);
    return data;
  }

  /**
   * A tile or bundle as C2SP tlog-tiles serves it; undefined when the tree does not have it. A partial
   * tile of width W is the first W hashes of the tile at that index, so it is cut from the stored edge,
   * or from the full tile once the edge has moved past it.
   */
  async tile(ref: TileRef): Promise<{ data: Uint8Array; full: boolean } | undefined> {
    if (ref.width === TILE_WIDTH) {
      const data =
        ref.level === 'entries' ? await this.fullBundle(ref.index) : await this.fullHashTile(ref.level, ref.index);
      return data && { data, full: true };
    }
    const edge = await this.storedEdge();
    if (ref.level === 'entries') {
      const entries = await this.partialBundle(ref.index, ref.width, edge);
      return entries && { data: bundleBytes(entries), full: false };
    }
    const hashes = await this.partialHashes(ref.level, ref.index, ref.width, edge);
    return hashes && { data: hashesBytes(hashes), full: false };
  }

  /**
   * The first `width` hashes of tile (`level`, `index`): from the stored edge, from the full tile once
   * the edge has moved past it, or, should the stored edge be behind (its conditional update is not
   * atomic on every server), recomputed from what lies below: the entries, or the full tiles of the
   * level below (each hash of a tile is the MTH of one full tile below it).
   */
  private async partialHashes(
    level: number,
    index: number,
    width: number,
    edge: TreeEdge,
  ): Promise<Hash[] | undefined> {
    const full = fullTiles(edge.size, level);
    if (full === index && partialWidth(edge.size, level) >= width) return edge.levels[level].slice(0, width);
    if (full > index) {
      const data = await this.fullHashTile(level, index);
      if (data) return hashesOf(data).slice(0, width);
    }
    if (level === 0) {
      const entries = await this.entries.range(index * TILE_WIDTH, index * TILE_WIDTH + width);
      return entries.length === width ? entries.map((e) => leafHash(utf8Bytes(e.canonical))) : undefined;
    }
    const below = await Promise.all(
      Array.from({ length: width }, (_, i) => this.fullHashTile(level - 1, index * TILE_WIDTH + i)),
    );
    if (below.some((d) => d === undefined)) return undefined;
    return below.map((d) => rootFromLeaves(hashesOf(d!)));
  }

  /** The first `width` entries of bundle `index`, the same way. */
  private async partialBundle(index: number, width: number, edge: TreeEdge): Promise<Uint8Array[] | undefined> {
    const full = fullTiles(edge.size, 0);
    if (full === index && partialWidth(edge.size, 0) >= width) return edge.bundle.slice(0, width);
    if (full > index) {
      const data = await this.fullBundle(index);
      if (data) return bundleEntries(data)!.slice(0, width);
    }
    const entries = await this.entries.range(index * TILE_WIDTH, index * TILE_WIDTH + width);
    return entries.length === width ? entries.map((e) => utf8Bytes(e.canonical)) : undefined;
  }

  /** The hashes of the perfect subtrees `ids` of the tree of `size` leaves, from its tiles. */
  async nodes(ids: readonly NodeId[], size: number): Promise<Map<string, Hash>> {
    const map = new Map<string, Hash>();
    let edge: Promise<TreeEdge> | undefined;
    const tiles = new Map<string, Promise<Hash[] | undefined>>();
    const tileOf = (level: number, index: number): Promise<Hash[] | undefined> => {
      const key = tileId(level, index);
      let tile = tiles.get(key);
      if (!tile) {
        tile = (async () => {
          if (index < fullTiles(size, level)) {
            const data = await this.fullHashTile(level, index);
            return data && hashesOf(data);
          }
          edge ??= this.storedEdge();
          return this.partialHashes(level, index, partialWidth(size, level), await edge);
        })();
        tiles.set(key, tile);
      }
      return tile;
    };
    await Promise.all(
      ids.map(async (id) => {
        const place = nodePlace(id);
        const hashes = await tileOf(place.level, place.index);
        const hash = hashes && nodeFromTile(place, hashes);
        if (hash) map.set(nodeKey(id), hash);
      }),
    );
    return map;
  }

  private async hashesOf(ranges: readonly LeafRange[], size: number): Promise<Hash[]> {
    const map = await this.nodes(nodesForRanges(ranges), size);
    return ranges.map((r) => rangeHash(r, (id) => map.get(nodeKey(id))));
  }

  async root(size: number): Promise<Hash> {
    const [root] = await this.hashesOf([{ start: 0, end: size }], size);
    return root;
  }

  async inclusion(index: number, size: number): Promise<{ leaf: Hash; root: Hash; proof: Hash[] }> {
    const ranges = inclusionProofRanges(index, size);
    const hashes = await this.hashesOf([{ start: index, end: index + 1 }, { start: 0, end: size }, ...ranges], size);
    return { leaf: hashes[0], root: hashes[1], proof: hashes.slice(2) };
  }

  async consistency(first: number, second: number): Promise<{ firstRoot: Hash; secondRoot: Hash; proof: Hash[] }> {
    const ranges = consistencyProofRanges(first, second);
    const hashes = await this.hashesOf([{ start: 0, end: first }, { start: 0, end: second }, ...ranges], second);
    return { firstRoot: hashes[0], secondRoot: hashes[1], proof: hashes.slice(2) };
  }

  /**
   * Adds the entries [size, upTo) not yet in the tree, in seq order, from whatever instance gets here
   * first: `fresh` are entries the caller has in hand (a batch it just inserted), the rest are read.
   * Tiles are deterministic, so two instances doing the same work write the same bytes (a duplicate
   * insert is a no-op); the edge and `tree.size` only grow, and only after the full tiles below them.
   */
  async advance(upTo: number, fresh: readonly TreeLeaf[] = []): Promise<number> {
    // The edge in memory is trusted only while the stored tree is the size it was left at: another
    // instance may have grown it, or someone removed it (then it is rebuilt from the entries).
    let edge = this.edge;
    if (!edge || edge.size !== (await this.size())) edge = this.edge = await this.storedEdge();
    const inHand = new Map(fresh.map((e) => [e.seq, e.canonical]));
    while (edge.size < upTo) {
      const end = Math.min(edge.size + BATCH, upTo);
      let texts: string[] = [];
      for (let seq = edge.size; seq < end && inHand.has(seq); seq++) texts.push(inHand.get(seq)!);
      if (texts.length === 0) texts = (await this.entries.range(edge.size, end)).map((e) => e.canonical);
      if (texts.length === 0) break; // an append still in flight: its own call will finish
      const leaves = texts.map((text) => {
        const entry = utf8Bytes(text);
        return { leaf: leafHash(entry), entry };
      });
      const { edge: next, full } = appendToEdge(edge, leaves);
      await this.storeFull(full);
      const stored =
        (await this.raiseEdge('entries', next.size, bundleBytes(next.bundle))) &&
        (await this.raiseEdge('hashes', next.size, edgeHashesBytes(next)));
      if (!stored) {
        // Another instance stored a larger edge meanwhile: continue from it.
        edge = this.edge = await this.storedEdge();
        continue;
      }
      await raiseCounter(this.models, 'tree', next.size);
      edge = this.edge = next;
    }
    return edge.size;
  }

  /** Forgets the edge kept in memory (the stored one is read again on the next append). */
  forgetEdge(): void {
    this.edge = undefined;
  }

  private async storeFull(full: readonly FullTile[]): Promise<void> {
    const tiles = full
      .filter((t) => t.level !== 'entries')
      .map((t) => ({ _id: tileId(t.level as number, t.index), data: Buffer.from(t.data) }));
    const bundles = full
      .filter((t) => t.level === 'entries')
      .map((t) => ({ _id: String(t.index), data: Buffer.from(t.data) }));
    const insert = async (write: () => Promise<unknown>) => {
      try {
        await write();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    };
    if (tiles.length > 0) await insert(() => this.models.LedgerTile.insertMany(tiles, { ordered: false }));
    if (bundles.length > 0) await insert(() => this.models.LedgerBundle.insertMany(bundles, { ordered: false }));
  }

  /** Raises edge document `id` to `size` with `data`; false when a larger one is stored already. */
  private async raiseEdge(id: 'hashes' | 'entries', size: number, data: Uint8Array): Promise<boolean> {
    const { LedgerEdge } = this.models;
    const buffer = Buffer.from(data);
    const res = await LedgerEdge.updateOne(
      { _id: id, size: mongoose.trusted({ $lt: size }) },
      { $set: { size, data: buffer } },
    );
    if (res.matchedCount > 0) return true;
    try {
      await LedgerEdge.create({ _id: id, size, data: buffer });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const stored = await LedgerEdge.findById(id).select({ size: 1 }).lean();
      return (stored?.size ?? -1) === size;
    }
  }
}

/** A Buffer field as read back (lean reads give the driver's Binary, whose `buffer` is the bytes). */
function storedBytes(value: { buffer: Uint8Array } | Uint8Array | null | undefined): Uint8Array {
  if (!value) return new Uint8Array(0);
  return value instanceof Uint8Array ? value : new Uint8Array(value.buffer);
}

/** The nodes of the right edge (the perfect subtrees of [0, size)), all within its partial tiles. */
function edgeLookup(edge: TreeEdge) {
  return (id: NodeId): Hash | undefined => {
    const place = nodePlace(id);
    if (place.index !== fullTiles(edge.size, place.level)) return undefined;
    return nodeFromTile(place, edge.levels[place.level] ?? []);
  };
}
