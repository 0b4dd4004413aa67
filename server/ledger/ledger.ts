// The ledger's internal API. Domain code calls `append(event, {expectedVersion})`; hashes, proofs and
// checkpoints never leak out of server/ledger. Without multi-document transactions (FerretDB has none,
// DESIGN.md §3) an append is a sequence of idempotent steps, each of which the reconciler can finish:
//   1. store the private content (if any) under its commitment;
//   2. insert the entry: unique _id (= seq) and unique (subject, subjectVersion) settle every race;
//   3. apply the projection with a version check, then mark the entry projected;
//   4. store new subtree hashes and sign a checkpoint.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Models } from '../../models/index.ts';
import type { Config } from '../config.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { problems } from '../errors.ts';
import { Checkpoints } from './checkpoints.ts';
import { commitTo, encodeEntry, type Entry, type LedgerEvent } from './entry.ts';
import { EntryStore, entryId, raiseCounter } from './entry-store.ts';
import { registerLedgerReadiness } from './readiness.ts';
import { SignerRecord } from './signer-record.ts';
import { TreeStore, type TreeLeaf } from './tree-store.ts';
import { BatchPool, type Pooled } from './batch-pool.ts';

/**
 * Applies one entry to the record it changes. Must be idempotent and version-checked: apply only when
 * the record is at `subjectVersion - 1`, do nothing when it is already at `subjectVersion` or later.
 */
export type Projector = (entry: Entry, subjectVersion: number) => Promise<void>;

/**
 * The append lost a race: another append took the version `expected + 1` of `key` first. Callers decide
 * what that means for their reader (a pilot answers 412 or 409; a directory code is "already in use").
 */
export class VersionConflict extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
  ) {
    super(`${key} changed meanwhile (version ${expected} is no longer current).`);
    this.name = 'VersionConflict';
  }
}

/** For `.catch` after an append: a lost race becomes `instead()`, anything else is rethrown as it is. */
export const onVersionConflict =
  (instead: () => Error) =>
  (err: unknown): never => {
    throw err instanceof VersionConflict ? instead() : err;
  };

/** Test hooks that simulate a crash between the steps of an append. */
export interface LedgerFaults {
  afterEntry?: (entry: Entry) => void | Promise<void>;
  afterProjection?: (entry: Entry) => void | Promise<void>;
}

export interface LedgerDeps {
  models: Models;
  config: Config;
  logger: Logger;
  now: () => Date;
  projectors: Record<string, Projector>;
  faults?: LedgerFaults;
}

interface PendingAppend {
  event: LedgerEvent;
  key: string;
  subjectVersion: number;
  commitment: string | null;
}

/** The entry is in the log, but a later step failed: its private content stays (the entry commits to it). */
class AppendedButUnfinished extends Error {
  constructor(override readonly cause: unknown) {
    super('appended, not finished');
  }
}

/** The index of the first document an ordered insertMany refused (all before it are in). */
function firstFailedIndex(err: unknown): number | undefined {
  const e = err as { writeErrors?: unknown; insertedDocs?: unknown[] };
  const errors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  const indices = errors.map((w) => (w as { index?: unknown }).index).filter((i) => typeof i === 'number');
  if (indices.length > 0) return Math.min(...indices);
  return Array.isArray(e.insertedDocs) ? e.insertedDocs.length : undefined;
}

/** How long the first append of a batch waits for others to join it. */
const BATCH_WAIT_MS = 3;
/** Appends sequenced together at most (one insertMany, one tree update, one checkpoint). */
const MAX_BATCH = 512;
const MAX_ATTEMPTS = 200;

/** The head hint is raised every this many entries: a lagging hint only costs O(log lag) lookups. */
const HEAD_HINT_EVERY = 16;
const RECONCILE_BATCH = 256;

export class Ledger {
  readonly entries: EntryStore;
  readonly tree: TreeStore;
  readonly checkpoints: Checkpoints;
  private head: number | undefined; // last seq this instance knows of
  private treeRun: Promise<void> | undefined;
  private treeWaiters: { upTo: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private readonly instance = randomUUID();
  private intact: Promise<void> | undefined;
  /** Entries this instance just inserted, handed to the next tree pass so that it reads none back. */
  private readonly inHand = new Map<number, string>();
  private readonly pool = new BatchPool<PendingAppend, Entry>(
    (batch) => this.sequence(batch),
    BATCH_WAIT_MS,
    MAX_BATCH,
  );

  constructor(private readonly deps: LedgerDeps) {
    this.entries = new EntryStore(deps.models);
    this.tree = new TreeStore(deps.models, this.entries);
    this.checkpoints = new Checkpoints(
      deps.models,
      this.tree,
      deps.config.ledger.origin,
      deps.config.ledger.signingSeed,
      deps.now,
      new SignerRecord(deps.config.ledger.signerDir, () => deps.models.LedgerEntry.db.name, deps.config.ledger.origin),
      (reason) =>
        deps.logger.error(
          { reason },
          'the ledger refuses writes: the stored log does not extend what its signer signed',
        ),
    );
    registerLedgerReadiness(deps.models.LedgerEntry.db, async () => {
      await this.ensureIntact().catch(() => {});
      return this.checkpoints.refusal;
    });
  }

  /**
   * Once per instance, before its first write: the stored log against the signer's record (item 6 of
   * issue 13). A refusal sticks; a database error is tried again next time.
   */
  ensureIntact(): Promise<void> {
    this.intact ??= this.checkpoints.checkStored().catch((err: unknown) => {
      if (!this.checkpoints.refusal) this.intact = undefined;
      throw err;
    });
    return this.intact;
  }

  /**
   * Appends one event as the next version of its subject; VersionConflict if that version was taken meanwhile.
   * `key` is the stable name versions are counted under when the public `subject` changes over a
   * record's life (a pilot is named by an opaque id before approval and by its reference after).
   */
  async append(event: LedgerEvent, opts: { expectedVersion: number; key?: string }): Promise<Entry> {
    const { LedgerPrivate } = this.deps.models;
    await this.ensureIntact();
    const subjectVersion = opts.expectedVersion + 1;
    const key = opts.key ?? event.subject;
    let commitment: string | null = null;
    if (event.private) {
      const c = commitTo(event.private);
      await LedgerPrivate.create({ _id: c.commitment, subject: key, salt: c.salt, content: c.content });
      commitment = c.commitment;
    }

    const appended = this.pool.submit({ event, key, subjectVersion, commitment }).then((entry) => {
      // One line per entry for whoever reads the log: what was recorded, where.
      this.deps.logger.info({ seq: entry.seq, type: entry.type, subject: entry.subject }, 'ledger entry appended');
      return entry;
    });
    return appended.catch(async (err: unknown) => {
      // Lost the version race: the private content written for it belongs to no entry. (After any other
      // failure the entry may have landed unacknowledged, and it commits to that content.)
      if (commitment && err instanceof VersionConflict) {
        await LedgerPrivate.deleteOne({ _id: commitment }).catch(() => {});
      }
      throw err instanceof AppendedButUnfinished ? err.cause : err;
    });
  }

  /**
   * Sequences one batch of appends: one insertMany (ordered, so what lands is a prefix), then each
   * entry's projection in seq order, then one tree update and one signed checkpoint for all of them.
   * The unique (key, subjectVersion) index refuses an append whose version was taken (VersionConflict,
   * for it alone); the unique _id refuses a seq another instance took (the rest is sequenced again).
   */
  private async sequence(batch: Pooled<PendingAppend, Entry>[]): Promise<void> {
    const { LedgerEntry } = this.deps.models;
    // Two appends of one batch for the same version of the same record: the first one wins.
    const claimed = new Set<string>();
    let rest: Pooled<PendingAppend, Entry>[] = [];
    for (const p of batch) {
      const claim = `${p.item.key}\u0000${p.item.subjectVersion}`;
      if (claimed.has(claim)) p.reject(new VersionConflict(p.item.key, p.item.subjectVersion - 1));
      else {
        claimed.add(claim);
        rest.push(p);
      }
    }
    const inserted: { pending: Pooled<PendingAppend, Entry>; entry: Entry; canonical: string }[] = [];
    for (let attempt = 0; rest.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) {
        const busy = problems.unavailable('The ledger is too busy; try again.', { headers: { 'Retry-After': '1' } });
        for (const p of rest) p.reject(busy);
        break;
      }
      const first = (await this.lastSeq()) + 1;
      const at = this.deps.now().toISOString();
      const docs = rest.map((p, i) => {
        const { event, key, subjectVersion, commitment } = p.item;
        const entry: Entry = {
          v: 1,
          seq: first + i,
          at,
          type: event.type,
          subject: event.subject,
          actor: event.actor,
          data: event.data,
          commitment,
        };
        const encoded = encodeEntry(entry);
        const doc = {
          _id: entryId(entry.seq),
          seq: entry.seq,
          canonical: encoded.canonical,
          leafHash: encoded.leafHash,
          type: event.type,
          subject: key,
          subjectVersion,
          at: new Date(at),
          // An entry no projector applies to has nothing left to do once it is in.
          projected: !this.deps.projectors[event.type],
        };
        return { pending: p, entry, canonical: encoded.canonical, doc };
      });
      let landed = docs.length;
      let failure: unknown;
      try {
        await LedgerEntry.insertMany(
          docs.map((d) => d.doc),
          { ordered: true },
        );
      } catch (err) {
        failure = err;
        landed = firstFailedIndex(err) ?? 0;
      }
      inserted.push(...docs.slice(0, landed));
      if (landed > 0) this.head = Math.max(this.head ?? -1, first + landed - 1);
      if (failure === undefined) break;
      const failed = docs[landed];
      if (!isDuplicateKey(failure) || !failed) {
        for (const d of docs.slice(landed)) d.pending.reject(failure);
        break;
      }
      // Which unique key refused it: if no entry holds its seq, it was (key, subjectVersion).
      if (await this.entries.exists(failed.entry.seq)) {
        this.head = await this.entries.head(failed.entry.seq); // another instance took this seq
        if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 2)));
        rest = docs.slice(landed).map((d) => d.pending);
      } else {
        failed.pending.reject(new VersionConflict(failed.pending.item.key, failed.pending.item.subjectVersion - 1));
        rest = docs.slice(landed + 1).map((d) => d.pending);
      }
    }
    if (inserted.length === 0) return;
    const last = inserted[inserted.length - 1].entry.seq;
    if (Math.floor(last / HEAD_HINT_EVERY) > Math.floor((last - inserted.length) / HEAD_HINT_EVERY)) {
      await this.entries.noteHead(last);
    }

    // Each entry's remaining steps; a failure (a crash, in the fault tests) fails that append alone,
    // and the reconciler finishes it.
    const finished: typeof inserted = [];
    for (const i of inserted) {
      try {
        await this.deps.faults?.afterEntry?.(i.entry);
        await this.project(i.entry, i.pending.item.subjectVersion);
        await this.deps.faults?.afterProjection?.(i.entry);
        finished.push(i);
      } catch (err) {
        i.pending.reject(new AppendedButUnfinished(err));
      }
    }
    if (finished.length === 0) return;
    try {
      await this.syncTree(
        finished[finished.length - 1].entry.seq + 1,
        inserted.map((i) => ({ seq: i.entry.seq, canonical: i.canonical })),
      );
      for (const i of finished) i.pending.resolve(i.entry);
    } catch (err) {
      for (const i of finished) i.pending.reject(new AppendedButUnfinished(err));
    }
  }

  private async lastSeq(): Promise<number> {
    this.head ??= await this.entries.head();
    return this.head;
  }

  private async project(entry: Entry, subjectVersion: number): Promise<void> {
    const projector = this.deps.projectors[entry.type];
    if (!projector) return; // inserted as projected
    await projector(entry, subjectVersion);
    await this.deps.models.LedgerEntry.updateOne({ _id: entryId(entry.seq) }, { $set: { projected: true } });
  }

  /**
   * Stores subtree hashes and signs a checkpoint covering at least `upTo` entries (default: every entry
   * this instance knows of). Callers share passes: one pass covers every entry inserted before it began,
   * and a caller waits only for the first pass that covers its own entry, not for later traffic.
   */
  syncTree(upTo?: number, fresh: readonly TreeLeaf[] = []): Promise<void> {
    for (const leaf of fresh) this.inHand.set(leaf.seq, leaf.canonical);
    return new Promise<void>((resolve, reject) => {
      this.treeWaiters.push({ upTo: upTo ?? (this.head ?? -1) + 1, resolve, reject });
      this.treeRun ??= this.treePasses().finally(() => {
        this.treeRun = undefined;
      });
    });
  }

  private async treePasses(): Promise<void> {
    while (this.treeWaiters.length > 0) {
      const waiting = this.treeWaiters;
      this.treeWaiters = [];
      try {
        if (this.checkpoints.refusal) throw this.checkpoints.refused();
        const inHand = [...this.inHand].map(([seq, canonical]) => ({ seq, canonical }));
        this.inHand.clear();
        const size = await this.tree.advance((this.head ?? (await this.lastSeq())) + 1, inHand);
        await this.checkpoints.signCurrent(size);
        // Entries have no gaps, so a pass always reaches an entry inserted before it began; should one
        // not (the log was edited under us), the waiter is released and the reconciler finishes it.
        for (const w of waiting) w.resolve();
      } catch (err) {
        for (const w of waiting) w.reject(err);
      }
    }
  }

  /**
   * Finishes whatever appends left half-done (a crash, a lost connection): applies unprojected entries
   * in seq order, stores missing subtree hashes, signs the current tree.
   */
  async reconcile(): Promise<{ projected: number; treeSize: number }> {
    const { models } = this.deps;
    // A signer that refuses (the stored log does not extend what it signed) still lets the projections
    // catch up, but neither the tree nor a checkpoint is made from what may be a rewritten history.
    const refused = await this.ensureIntact().then(
      () => false,
      (err: unknown) => {
        if (this.checkpoints.refusal) return true;
        throw err;
      },
    );
    // Entries below the `projected` watermark are all applied; look only above it.
    const from = (await models.LedgerState.findById('projected').lean())?.size ?? 0;
    const head = await this.entries.head();
    this.head = Math.max(this.head ?? -1, head);
    let projected = 0;
    for (let start = from; start <= head; start += RECONCILE_BATCH) {
      for (const stored of await this.entries.range(start, Math.min(start + RECONCILE_BATCH, head + 1))) {
        if (stored.projected) continue;
        await this.project(JSON.parse(stored.canonical) as Entry, stored.subjectVersion);
        projected++;
      }
    }
    await raiseCounter(models, 'projected', head + 1);
    await this.entries.noteHead(head);
    if (!refused && !this.checkpoints.refusal) await this.syncTree();
    const treeSize = await this.tree.size();
    if (projected > 0) this.deps.logger.warn({ projected, treeSize }, 'ledger reconciler finished half-done appends');
    return { projected, treeSize };
  }

  /** A lease for work one instance at a time should do (server/jobs/periodic.ts). */
  async acquireLease(name: string, ttlMs: number): Promise<boolean> {
    const { LedgerState } = this.deps.models;
    const now = this.deps.now();
    const until = new Date(now.getTime() + ttlMs);
    const res = await LedgerState.updateOne(
      { _id: `lease:${name}`, $or: [{ until: mongoose.trusted({ $lt: now }) }, { holder: this.instance }] },
      { $set: { holder: this.instance, until } },
    );
    if (res.matchedCount > 0) return true;
    try {
      await LedgerState.create({ _id: `lease:${name}`, holder: this.instance, until });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
