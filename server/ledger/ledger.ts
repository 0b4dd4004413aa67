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
import { TreeStore } from './tree-store.ts';

/**
 * Applies one entry to the record it changes. Must be idempotent and version-checked: apply only when
 * the record is at `subjectVersion - 1`, do nothing when it is already at `subjectVersion` or later.
 */
export type Projector = (entry: Entry, subjectVersion: number) => Promise<void>;

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

const MAX_ATTEMPTS = 200;

export class Ledger {
  readonly tree: TreeStore;
  readonly checkpoints: Checkpoints;
  private head: number | undefined; // last seq this instance knows of
  private treeRun: Promise<void> | undefined;
  private treeDirty = false;
  private readonly instance = randomUUID();

  constructor(private readonly deps: LedgerDeps) {
    this.tree = new TreeStore(deps.models);
    this.checkpoints = new Checkpoints(deps.models, this.tree, deps.config.ledger.origin, deps.config.ledger.signingSeed, deps.now);
  }

  /**
   * Appends one event as the next version of its subject; 409 if that version was taken meanwhile.
   * `key` is the stable name versions are counted under when the public `subject` changes over a
   * record's life (a pilot is named by an opaque id before approval and by its reference after).
   */
  async append(event: LedgerEvent, opts: { expectedVersion: number; key?: string }): Promise<Entry> {
    const { LedgerEntry, LedgerPrivate } = this.deps.models;
    const subjectVersion = opts.expectedVersion + 1;
    const key = opts.key ?? event.subject;
    let commitment: string | null = null;
    if (event.private) {
      const c = commitTo(event.private);
      await LedgerPrivate.create({ _id: c.commitment, subject: key, salt: c.salt, content: c.content });
      commitment = c.commitment;
    }

    let entry: Entry | undefined;
    for (let attempt = 0; !entry; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw problems.unavailable('The ledger is too busy; try again.', { headers: { 'Retry-After': '1' } });
      const seq = (await this.lastSeq()) + 1;
      const candidate: Entry = {
        v: 1,
        seq,
        at: this.deps.now().toISOString(),
        type: event.type,
        subject: event.subject,
        actor: event.actor,
        data: event.data,
        commitment,
      };
      const encoded = encodeEntry(candidate);
      try {
        await LedgerEntry.create({
          _id: seq,
          canonical: encoded.canonical,
          leafHash: encoded.leafHash,
          type: event.type,
          subject: key,
          subjectVersion,
          at: new Date(candidate.at),
          projected: false,
        });
        this.head = Math.max(this.head ?? -1, seq);
        entry = candidate;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (await LedgerEntry.exists({ subject: key, subjectVersion })) {
          throw problems.conflict(`${key} changed meanwhile (version ${opts.expectedVersion} is no longer current).`, {
            extra: { subject: key },
          });
        }
        this.head = undefined; // lost the race for this seq: read the head again
        if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 2)));
      }
    }

    await this.deps.faults?.afterEntry?.(entry);
    await this.project(entry, subjectVersion);
    await this.deps.faults?.afterProjection?.(entry);
    await this.syncTree();
    return entry;
  }

  private async lastSeq(): Promise<number> {
    if (this.head !== undefined) return this.head;
    const last = await this.deps.models.LedgerEntry.findOne({}).select({ _id: 1 }).sort({ _id: -1 });
    this.head = last ? last._id : -1;
    return this.head;
  }

  private async project(entry: Entry, subjectVersion: number): Promise<void> {
    const projector = this.deps.projectors[entry.type];
    if (projector) await projector(entry, subjectVersion);
    await this.deps.models.LedgerEntry.updateOne({ _id: entry.seq }, { $set: { projected: true } });
  }

  /** Stores subtree hashes and signs a checkpoint; concurrent callers in one instance share one run. */
  syncTree(): Promise<void> {
    this.treeDirty = true;
    this.treeRun ??= (async () => {
      try {
        while (this.treeDirty) {
          this.treeDirty = false;
          await this.tree.advance();
          await this.checkpoints.signCurrent();
        }
      } finally {
        this.treeRun = undefined;
      }
    })();
    return this.treeRun;
  }

  /**
   * Finishes whatever appends left half-done (a crash, a lost connection): applies unprojected entries
   * in seq order, stores missing subtree hashes, signs the current tree.
   */
  async reconcile(): Promise<{ projected: number; treeSize: number }> {
    const { LedgerEntry } = this.deps.models;
    let projected = 0;
    for (;;) {
      const pending = await LedgerEntry.find({ projected: false }).sort({ _id: 1 }).limit(500);
      for (const doc of pending) {
        const entry = JSON.parse(doc.canonical) as Entry;
        await this.project(entry, doc.subjectVersion);
        projected++;
      }
      if (pending.length < 500) break;
    }
    await this.syncTree();
    const treeSize = await this.tree.size();
    if (projected > 0) this.deps.logger.warn({ projected, treeSize }, 'ledger reconciler finished half-done appends');
    return { projected, treeSize };
  }

  /**
   * Runs reconcile() now and every `reconcileSeconds`, under a lease so that one instance at a time does
   * it. (The work is idempotent, so a lease lost to a clock skew costs time, not correctness.)
   */
  startReconciler(): () => Promise<void> {
    const ms = this.deps.config.ledger.reconcileSeconds * 1000;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = (async () => {
        if (await this.acquireLease('reconciler', ms * 2)) await this.reconcile();
      })().catch((err: unknown) => this.deps.logger.error({ err }, 'ledger reconciler failed'));
    };
    tick();
    const timer = setInterval(tick, ms);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

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
