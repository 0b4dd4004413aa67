// Signed checkpoints: C2SP signed notes over `origin\nsize\nbase64(root)\n` (DESIGN.md §3), one per tree
// size the server has signed, all kept, so a client holding an old one can ask for a consistency proof.
import type { Models } from '../../models/index.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { toBase64 } from './bytes.ts';
import { entryId, raiseCounter } from './entry-store.ts';
import { noteKeyFromSeed, signNote, type NoteKey } from './note-signing.ts';
import { checkpointBody, verifierKey } from './signed-note.ts';
import type { TreeStore } from './tree-store.ts';

export interface Checkpoint {
  size: number;
  rootHash: string;
  note: string;
}

export class Checkpoints {
  readonly key: NoteKey;
  private lastSigned: Checkpoint | undefined;

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
      publicKey: toBase64(this.key.publicKey),
    };
  }

  /** The largest signed checkpoint, through the `checkpoint` counter (a sort would scan on FerretDB). */
  async latest(): Promise<Checkpoint | undefined> {
    const state = await this.models.LedgerState.findById('checkpoint').lean();
    return typeof state?.size === 'number' ? this.at(state.size) : undefined;
  }

  async at(size: number): Promise<Checkpoint | undefined> {
    const doc = await this.models.LedgerCheckpoint.findById(entryId(size)).lean();
    return doc ? { size: doc.size, rootHash: doc.rootHash, note: doc.note } : undefined;
  }

  /** Signs the tree at `size` (default: as far as it is stored) unless a checkpoint covers it already. */
  async signCurrent(treeSize?: number): Promise<Checkpoint> {
    const size = treeSize ?? (await this.tree.size());
    if (this.lastSigned && this.lastSigned.size >= size) return this.lastSigned;
    const latest = await this.latest();
    if (latest && latest.size >= size) return (this.lastSigned = latest);
    const root = await this.tree.headRoot(size);
    const note = signNote(checkpointBody(this.origin, size, root), this.key);
    const rootHash = toBase64(root);
    let signed: Checkpoint = { size, rootHash, note };
    try {
      await this.models.LedgerCheckpoint.create({ _id: entryId(size), size, rootHash, note, at: this.now() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another instance signed the same size: same root, keep theirs
      signed = (await this.at(size))!;
    }
    await raiseCounter(this.models, 'checkpoint', size);
    this.lastSigned = signed;
    return signed;
  }
}
