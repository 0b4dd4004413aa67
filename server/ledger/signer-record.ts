// The signer's own record of the last checkpoint it signed, kept outside the database (a file under
// DATA_DIR or LEDGER_SIGNER_DIR): someone who can write to the database can delete the tree and its
// checkpoints and let the log rebuild a rewritten history, but cannot make the signer forget what it
// signed. The signer refuses to sign a tree that is not an extension of it (issue 13, item 6).
import fs from 'node:fs';
import path from 'node:path';
import { parseCheckpoint, parseNote } from './signed-note.ts';

export interface SignedRecord {
  size: number;
  root: Uint8Array;
  note: string;
}

export class SignerRecord {
  private cached: SignedRecord | undefined;

  /**
   * `dir`/`<database name>.checkpoint`: one log per database, so suites sharing a data directory do not
   * mix. The name is asked for when first needed: the connection may not be open when the app is built.
   */
  constructor(
    private readonly dir: string,
    private readonly database: () => string,
    private readonly origin: string,
  ) {}

  get file(): string {
    return path.join(this.dir, `${this.database().replace(/[^A-Za-z0-9_.-]/g, '_')}.checkpoint`);
  }

  /** The last checkpoint written here (by any instance sharing the directory), undefined if none. */
  read(): SignedRecord | undefined {
    let note: string;
    try {
      note = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.cached;
      throw err;
    }
    const { body } = parseNote(note);
    const cp = parseCheckpoint(body);
    if (cp.origin !== this.origin) throw new Error(`${this.file} holds a checkpoint of another log (${cp.origin})`);
    const record = { size: cp.size, root: cp.root, note };
    if (!this.cached || record.size >= this.cached.size) this.cached = record;
    return this.cached;
  }

  /** Keeps `note` (of tree `size`) unless a larger one is kept already; written whole, then renamed, then synced. */
  write(record: SignedRecord): void {
    const current = this.read();
    if (current && current.size >= record.size) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, record.note);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.cached = record;
  }
}
