// The public registry's in-memory index: every pilot's slim listing (models/public-listing.ts), held per
// app instance and keyed by the ledger's tree size. Public answers depend only on the ledger, so while the
// tree size is the same the index (and every answer made from it, server/public/answers.ts) is too.
//
// Each public read asks for the tree size once: one `_id` read of one tiny document, shared by every
// request that arrives while it is in flight, and begun after the request arrived, so an answer never
// predates a decision acknowledged before the request. When the size moved by a few entries, the index
// reads those entries and the rows of the pilots they name, by `_id`; after a larger move (or at start) it
// reads the slim collection whole: on the embedded FerretDB, where every other read decodes a whole
// collection in Go (DESIGN §4), that is a few hundred bytes per pilot instead of the pilot's 5.7 KB.
//
// An entry counted in the tree may still be on its way into the projection (another instance's append in
// flight): its pilot's row is then older than the entry. The index keeps serving what it has, marked
// unsettled, and looks again at the next read, so instances on one database converge on the same rows.
import type { PublicListingDocument } from '../../models/public-listing.ts';
import type { RegistryContext } from '../context.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { mapLimited } from '../ledger/concurrency.ts';
import { pilotIdOfKey } from '../pilots/keys.ts';
import { publicListingRow } from '../pilots/public-listing.ts';

export type IndexRow = PublicListingDocument;

/** A move of the tree up to this many entries is caught up by `_id` reads; a larger one reloads. */
const CATCH_UP_ENTRIES = 16;
const READS_IN_FLIGHT = 8;
/** The row that records that pilots made before the slim listing existed were copied into it. */
const BACKFILLED = '~backfilled';

export class Snapshot {
  /** Everything computed from the rows once per snapshot (sorted lists, statistics, facets). */
  private readonly derived = new Map<string, unknown>();
  readonly byReference = new Map<string, IndexRow>();
  /** The public rows, in `_id` order. */
  readonly publicRows: IndexRow[];

  constructor(
    readonly size: number,
    readonly rows: ReadonlyMap<string, IndexRow>,
    /** Entries from here on may not be in their rows yet: look again at the next read. */
    readonly unsettledFrom: number | null,
  ) {
    this.publicRows = [...rows.values()].filter((r) => r.isPublic).sort((a, b) => (a._id < b._id ? -1 : 1));
    for (const r of this.publicRows) if (r.reference) this.byReference.set(r.reference, r);
  }

  /** `make()` once per snapshot under `key`. */
  memo<T>(key: string, make: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, make());
    return this.derived.get(key) as T;
  }
}

export class PublicIndex {
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<Snapshot> | undefined;
  private sizeRead: Promise<number> | undefined;
  private nextSizeRead: Promise<number> | undefined;

  constructor(private readonly ctx: RegistryContext) {}

  /**
   * Drops the snapshot, so that the next read reloads the slim collection: for tools that write it
   * around the ledger (the public bench's bulk loader), never for the app, whose writes go through it.
   */
  forget(): void {
    this.snapshot = undefined;
  }

  /** The index as of the ledger's tree size now. */
  async current(): Promise<Snapshot> {
    const size = await this.treeSize();
    const snap = this.snapshot;
    if (snap && snap.size === size && snap.unsettledFrom === null) return snap;
    this.refreshing ??= this.refresh(size).finally(() => (this.refreshing = undefined));
    const refreshed = await this.refreshing;
    // A refresh begun for an older size (another request's) is still no older than this request.
    return refreshed.size >= size ? refreshed : this.current();
  }

  /** The tree size, read after the caller arrived; callers arriving meanwhile share the next read. */
  private treeSize(): Promise<number> {
    if (!this.sizeRead) {
      this.sizeRead = this.ctx.ledger.tree.size().finally(() => (this.sizeRead = undefined));
      return this.sizeRead;
    }
    this.nextSizeRead ??= this.sizeRead
      .catch(() => undefined)
      .then(() => {
        this.nextSizeRead = undefined;
        return this.treeSize();
      });
    return this.nextSizeRead;
  }

  private async refresh(size: number): Promise<Snapshot> {
    const snap = this.snapshot;
    const from = snap ? (snap.unsettledFrom ?? snap.size) : 0;
    const next =
      snap && size >= snap.size && size - from <= CATCH_UP_ENTRIES
        ? await this.catchUp(snap, from, size)
        : await this.reload(size);
    if (!this.snapshot || next.size >= this.snapshot.size) this.snapshot = next;
    return next;
  }

  /** Every row, read whole; then the last few entries checked against them. */
  private async reload(size: number): Promise<Snapshot> {
    const { PublicListing } = this.ctx.models;
    let docs = await PublicListing.find({}).lean<IndexRow[]>();
    if (!docs.some((d) => d._id === BACKFILLED)) {
      await this.backfill();
      docs = await PublicListing.find({}).lean<IndexRow[]>();
    }
    const rows = new Map(docs.filter((d) => d._id !== BACKFILLED).map((d) => [d._id, d]));
    return this.catchUp(new Snapshot(size, rows, null), Math.max(0, size - CATCH_UP_ENTRIES), size);
  }

  /** The rows of the pilots that entries [from, size) changed, read again; unsettled if one lags. */
  private async catchUp(snap: Snapshot, from: number, size: number): Promise<Snapshot> {
    const entries = await this.ctx.ledger.entries.range(from, size);
    const wanted = new Map<string, number>();
    for (const e of entries) {
      const id = pilotIdOfKey(e.subject);
      if (id) wanted.set(id, Math.max(wanted.get(id) ?? 0, e.subjectVersion));
    }
    const ids = [...wanted.keys()];
    const { PublicListing } = this.ctx.models;
    const fresh = await mapLimited(ids.length, READS_IN_FLIGHT, (i) => PublicListing.findById(ids[i]).lean<IndexRow>());
    const rows = new Map(snap.rows);
    let settled = entries.length === size - from;
    ids.forEach((id, i) => {
      const row = fresh[i];
      if (row) rows.set(id, row);
      if (!row || row.version < wanted.get(id)!) settled = false;
    });
    return new Snapshot(size, rows, settled ? null : from);
  }

  /** Pilots projected before the slim listing existed (their timelines are then read from the ledger). */
  private async backfill(): Promise<void> {
    const { Pilot, PublicListing } = this.ctx.models;
    const pilots = await Pilot.find({}).select({ version: 1, record: 1 }).lean();
    const rows = pilots.map((p) => ({ _id: String(p._id), ...publicListingRow(p.record, p.version), seqs: {} }));
    // A row the projection wrote meanwhile is newer than the pilot read here: keep it.
    const unlessThere = (err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    };
    if (rows.length) await PublicListing.insertMany(rows, { ordered: false }).catch(unlessThere);
    await PublicListing.create({ _id: BACKFILLED, version: 0, isPublic: false }).catch(unlessThere);
    if (rows.length) this.ctx.logger.info({ pilots: rows.length }, 'public listing backfilled from pilots');
  }
}

const indexes = new WeakMap<RegistryContext, PublicIndex>();

/** The app instance's index (one per context). */
export function publicIndex(ctx: RegistryContext): PublicIndex {
  let index = indexes.get(ctx);
  if (!index) indexes.set(ctx, (index = new PublicIndex(ctx)));
  return index;
}
