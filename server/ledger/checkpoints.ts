// Signed checkpoints: C2SP signed notes over `origin\nsize\nbase64(root)\n` (DESIGN.md §3), one per tree
// size the server has signed, all kept, so a client holding an old one can ask for a consistency proof.
import mongoose from 'mongoose';
import type { Models } from '../../models/index.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { checkpointBody, noteKeyFromSeed, signNote, verifierKey, type NoteKey } from './signed-note.ts';
import type { TreeStore } from './tree-store.ts';

export interface Checkpoint {
  size: number;
  rootHash: string;
  note: string;
}

export class Checkpoints {
  readonly key: NoteKey;

  constructor(
    private readonly models: Models,
    private readonly tree: TreeStore,
    readonly origin: string,
    seed: Uint8Array,
    private readonly now: () => Date,
  ) {
    this.key = noteKeyFromSeed(origin, seed);
  }

  /** The published key: `{algorithm, vkey, publicKey}`. */
  publicKey() {
    return {
      algorithm: 'Ed25519' as const,
      vkey: verifierKey(this.key.name, this.key.publicKey),
      publicKey: Buffer.from(this.key.publicKey).toString('base64'),
    };
  }

  async latest(): Promise<Checkpoint | undefined> {
    const doc = await this.models.LedgerCheckpoint.findOne({}).sort({ _id: -1 });
    return doc ? { size: doc._id, rootHash: doc.rootHash, note: doc.note } : undefined;
  }

  async at(size: number): Promise<Checkpoint | undefined> {
    const doc = await this.models.LedgerCheckpoint.findById(size);
    return doc ? { size: doc._id, rootHash: doc.rootHash, note: doc.note } : undefined;
  }

  /** Signs the current tree if no checkpoint covers it yet (the empty tree included). */
  async signCurrent(): Promise<Checkpoint> {
    const size = await this.tree.size();
    const latest = await this.latest();
    if (latest && latest.size >= size) return latest;
    const root = await this.tree.root(size);
    const note = signNote(checkpointBody(this.origin, size, root), this.key);
    const rootHash = Buffer.from(root).toString('base64');
    try {
      await this.models.LedgerCheckpoint.create({ _id: size, rootHash, note, at: this.now() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another instance signed the same size: same root, keep theirs
      return (await this.at(size))!;
    }
    return { size, rootHash, note };
  }

  async count(): Promise<number> {
    return this.models.LedgerCheckpoint.countDocuments({ _id: mongoose.trusted({ $gte: 0 }) });
  }
}
