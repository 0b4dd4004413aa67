// The Merkle tree over stored entries. Hashes of perfect subtrees are persisted as the log grows
// (ledger_nodes), so a root or a proof at any size needs O(log n) node reads (RFC 9162 §2.1 in merkle.ts).
import mongoose from 'mongoose';
import type { Models } from '../../models/index.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
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

const BATCH = 1000;
const b64 = (h: Hash) => Buffer.from(h).toString('base64');
const unb64 = (s: string): Hash => Buffer.from(s, 'base64');

export class TreeStore {
  constructor(private readonly models: Models) {}

  /** Number of leaves whose subtree hashes are all stored. */
  async size(): Promise<number> {
    const state = await this.models.LedgerState.findById('tree');
    return state?.size ?? 0;
  }

  async nodes(ids: readonly NodeId[]): Promise<Map<string, Hash>> {
    const keys = [...new Set(ids.map(nodeKey))];
    const map = new Map<string, Hash>();
    if (keys.length === 0) return map;
    const docs = await this.models.LedgerNode.find({ _id: mongoose.trusted({ $in: keys }) });
    for (const d of docs) map.set(d._id, unb64(d.hash));
    return map;
  }

  private async hashesOf(ranges: readonly LeafRange[]): Promise<Hash[]> {
    const map = await this.nodes(nodesForRanges(ranges));
    return ranges.map((r) => rangeHash(r, (id) => map.get(nodeKey(id))));
  }

  async root(size: number): Promise<Hash> {
    const [root] = await this.hashesOf([{ start: 0, end: size }]);
    return root!;
  }

  async inclusion(index: number, size: number): Promise<{ leaf: Hash; root: Hash; proof: Hash[] }> {
    const ranges = inclusionProofRanges(index, size);
    const hashes = await this.hashesOf([{ start: index, end: index + 1 }, { start: 0, end: size }, ...ranges]);
    return { leaf: hashes[0]!, root: hashes[1]!, proof: hashes.slice(2) };
  }

  async consistency(first: number, second: number): Promise<{ firstRoot: Hash; secondRoot: Hash; proof: Hash[] }> {
    const ranges = consistencyProofRanges(first, second);
    const hashes = await this.hashesOf([{ start: 0, end: first }, { start: 0, end: second }, ...ranges]);
    return { firstRoot: hashes[0]!, secondRoot: hashes[1]!, proof: hashes.slice(2) };
  }

  /**
   * Stores the subtree hashes of entries not yet in the tree, in seq order, from whatever instance
   * gets here first. Nodes are deterministic, so two instances doing the same work write the same
   * values (a duplicate insert is a no-op); `tree.size` only grows and is raised only after the nodes
   * below it are stored.
   */
  async advance(): Promise<number> {
    const { LedgerEntry, LedgerNode } = this.models;
    let size = await this.size();
    for (;;) {
      const entries = await LedgerEntry.find({ _id: mongoose.trusted({ $gte: size, $lt: size + BATCH }) })
        .select({ _id: 1, leafHash: 1 })
        .sort({ _id: 1 });
      if (entries.length === 0 || entries[0]!._id !== size) return size;
      const known = await this.nodes(perfectRanges(0, size));
      const fresh: { _id: string; hash: string }[] = [];
      let next = size;
      for (const e of entries) {
        if (e._id !== next) break; // an append still in flight below a later one: stop at the gap
        for (const n of nodesCompletedByAppend(next, unb64(e.leafHash), (id) => known.get(nodeKey(id)))) {
          known.set(nodeKey(n.id), n.hash);
          fresh.push({ _id: nodeKey(n.id), hash: b64(n.hash) });
        }
        next++;
      }
      try {
        await LedgerNode.insertMany(fresh, { ordered: false });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      await this.raiseSize(next);
      size = next;
      if (entries.length < BATCH) return size;
    }
  }

  private async raiseSize(size: number): Promise<void> {
    const { LedgerState } = this.models;
    const res = await LedgerState.updateOne({ _id: 'tree', size: mongoose.trusted({ $lt: size }) }, { $set: { size } });
    if (res.matchedCount > 0) return;
    try {
      await LedgerState.create({ _id: 'tree', size });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // it exists and is already at least this large
    }
  }
}
