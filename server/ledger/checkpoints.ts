// Signed checkpoints: C2SP signed notes over `origin\nsize\nbase64(root)\n` (DESIGN.md §3), one per tree
// size the server has signed, all kept, so a client holding an old one can ask for a consistency proof.
import type { Models } from '../../models/index.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { problems } from '../errors.ts';
import { fromBase64, sameBytes, toBase64 } from './bytes.ts';
import { entryId, raiseCounter } from './entry-store.ts';
import { noteKeyFromSeed, signNote, type NoteKey } from './note-signing.ts';
import { checkpointBody, verifierKey } from './signed-note.ts';
import type { SignerRecord } from './signer-record.ts';
import type { TreeStore } from './tree-store.ts';

export interface Checkpoint {
  size: number;
  rootHash: string;
  note: string;
}

export class Checkpoints {
  readonly key: NoteKey;
  private lastSigned: Checkpoint | undefined;
  /** Why this signer refuses to sign (the stored tree does not extend what it signed); undefined while it signs. */
  refusal: string | undefined;

  constructor(
    private readonly models: Models,
    private readonly tree: TreeStore,
    readonly origin: string,
    seed: Uint8Array,
    private readonly now: () => Date,
    private readonly record: SignerRecord,
    private readonly onRefusal: (reason: string) => void,
  ) {
    this.key = noteKeyFromSeed(origin, seed);
  }

  /** The 503 every write answers once the signer refuses. */
  refused(): Error {
    return problems.unavailable(`The ledger refuses writes: ${this.refusal}`, { headers: { 'Retry-After': '3600' } });
  }

  private refuse(reason: string): never {
    if (!this.refusal) {
      this.refusal = reason;
      this.onRefusal(reason);
    }
    throw this.refused();
  }

  /**
   * Checks the stored log against the signer's own record of the last checkpoint it signed: the
   * database must still hold that checkpoint, and its stored tree must hash to the same root at that
   * size. Otherwise someone rewrote or lost history behind the signer's back, and it stops signing.
   */
  async checkStored(): Promise<void> {
    if (this.refusal) throw this.refused();
    const signed = this.record.read();
    if (!signed) {
      // First start with a record (or an upgrade): what the database last signed is taken as the start.
      const latest = await this.latest();
      if (latest) this.record.write({ size: latest.size, root: fromBase64(latest.rootHash)!, note: latest.note });
      return;
    }
    const stored = await this.at(signed.size);
    if (!stored || stored.rootHash !== toBase64(signed.root)) {
      this.refuse(
        `the database ${stored ? 'holds another' : 'no longer holds the'} checkpoint of size ${signed.size} this signer signed (${this.record.file})`,
      );
    }
    await this.assertExtends(signed.size, undefined);
  }

  /** Refuses unless the stored tree at the size last signed hashes to the root signed then. */
  private async assertExtends(size: number, root: Uint8Array | undefined): Promise<void> {
    const signed = this.record.read();
    if (!signed) return;
    const treeSize = await this.tree.size();
    if (treeSize < signed.size) {
      this.refuse(`the stored tree has ${treeSize} entries, fewer than the ${signed.size} this signer signed`);
    }
    const then = size === signed.size && root ? root : await this.tree.root(signed.size);
    if (!sameBytes(then, signed.root)) {
      this.refuse(
        `the stored tree at size ${signed.size} does not hash to the root this signer signed: history was rewritten`,
      );
    }
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

  /** The size of the largest signed checkpoint (one small read), undefined when none was signed. */
  async latestSize(): Promise<number | undefined> {
    const state = await this.models.LedgerState.findById('checkpoint').lean();
    return typeof state?.size === 'number' ? state.size : undefined;
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
    if (this.refusal) throw this.refused();
    const root = await this.tree.headRoot(size);
    await this.assertExtends(size, root);
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
    // Last, once the database holds it: the record never runs ahead of what the log can show.
    this.record.write({ size, root, note: signed.note });
    this.lastSigned = signed;
    return signed;
  }
}
