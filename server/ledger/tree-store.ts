// The Merkle tree over stored entries. Hashes of perfect subtrees are persisted as the log grows
// (ledger_nodes), so a root or a proof at any size needs O(log n) node reads (RFC 9162 §2.1 in merkle.ts).
import mongoose from 'mongoose';
import type { Models } from '../../models/index.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { fromBase64, toBase64 } from './bytes.ts';
import { raiseCounter, type EntryStore } from './entry-store.ts';
import {
  consistencyProofRanges,
  inclusionProofRanges,
  nodeKey,
  nodesCompletedByAppend,
  nodesForRanges,
  perfectRanges,
  rangeHash,
  type Hash,
  type LeafRange,
  type NodeId,
} from './merkle.ts';

const BATCH = 256;

/** A hash as stored (always written by toBase64): a stored text that is not one is named, not guessed at. */
function storedHash(text: string, what: string): Hash {
  const hash = fromBase64(text);
  if (hash === null) throw new Error(`the stored hash of ${what} is not base64: ${JSON.stringify(text)}`);
  return hash;
}

export class TreeStore {
  // The right edge of the tree as this instance last stored it: the perfect subtrees of [0, edgeSize).
  // Appending needs exactly these, so the write path reads nothing back. Proofs are always served from
  // the database, never from here: what outsiders check is what is stored.
  private edge = new Map<string, Hash>();
  private edgeSize = -1;

  constructor(
    private readonly models: Models,
    private readonly entries: EntryStore,
  ) {}

  /** MTH of the first `size` leaves, from the right edge kept in memory when it is that size. */
  async headRoot(size: number): Promise<Hash> {
    if (size === this.edgeSize) return rangeHash({ start: 0, end: size }, (id) => this.edge.get(nodeKey(id)));
    return this.root(size);
  }

  /** Number of leaves whose subtree hashes are all stored. */
  async size(): Promise<number> {
    const state = await this.models.LedgerState.findById('tree').lean();
    return state?.size ?? 0;
  }

  async nodes(ids: readonly NodeId[]): Promise<Map<string, Hash>> {
    const keys = [...new Set(ids.map(nodeKey))];
    const map = new Map<string, Hash>();
    if (keys.length === 0) return map;
    // One `$in` read: on MongoDB an _id index lookup per key; on FerretDB/SQLite, where no read uses an
    // index, one pass over the collection instead of one per key.
    const docs = await this.models.LedgerNode.find({ _id: mongoose.trusted({ $in: keys }) }).lean();
    for (const d of docs) map.set(d._id, storedHash(d.hash, `tree node ${d._id}`));
    return map;
  }

  private async hashesOf(ranges: readonly LeafRange[]): Promise<Hash[]> {
    const map = await this.nodes(nodesForRanges(ranges));
    return ranges.map((r) => rangeHash(r, (id) => map.get(nodeKey(id))));
  }

  async root(size: number): Promise<Hash> {
    const [root] = await this.hashesOf([{ start: 0, end: size }]);
    return root;
  }

  async inclusion(index: number, size: number): Promise<{ leaf: Hash; root: Hash; proof: Hash[] }> {
    const ranges = inclusionProofRanges(index, size);
    const hashes = await this.hashesOf([{ start: index, end: index + 1 }, { start: 0, end: size }, ...ranges]);
    return { leaf: hashes[0], root: hashes[1], proof: hashes.slice(2) };
  }

  async consistency(first: number, second: number): Promise<{ firstRoot: Hash; secondRoot: Hash; proof: Hash[] }> {
    const ranges = consistencyProofRanges(first, second);
    const hashes = await this.hashesOf([{ start: 0, end: first }, { start: 0, end: second }, ...ranges]);
    return { firstRoot: hashes[0], secondRoot: hashes[1], proof: hashes.slice(2) };
  }

  /**
   * Stores the subtree hashes of entries [size, upTo) not yet in the tree, in seq order, from whatever
   * instance gets here first. Nodes are deterministic, so two instances doing the same work write the
   * same values (a duplicate insert is a no-op); `tree.size` only grows and is raised only after the
   * nodes below it are stored.
   */
  async advance(upTo: number): Promise<number> {
    const { LedgerNode } = this.models;
    let size = await this.size();
    while (size < upTo) {
      const entries = await this.entries.range(size, Math.min(size + BATCH, upTo));
      if (entries.length === 0) return size; // an append still in flight: its own call will finish
      const known = size === this.edgeSize ? new Map(this.edge) : await this.nodes(perfectRanges(0, size));
      const fresh: { _id: string; hash: string }[] = [];
      let next = size;
      for (const e of entries) {
        for (const n of nodesCompletedByAppend(next, storedHash(e.leafHash, `entry ${next}`), (id) =>
          known.get(nodeKey(id)),
        )) {
          known.set(nodeKey(n.id), n.hash);
          fresh.push({ _id: nodeKey(n.id), hash: toBase64(n.hash) });
        }
        next++;
      }
      try {
        await LedgerNode.insertMany(fresh, { ordered: false });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      await raiseCounter(this.models, 'tree', next);
      this.edge = new Map(perfectRanges(0, next).map((id) => [nodeKey(id), known.get(nodeKey(id))!]));
      this.edgeSize = next;
      size = next;
    }
    return size;
  }
}
