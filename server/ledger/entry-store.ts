// Reads of stored entries by seq, always by their string `_id`: on MongoDB that is the _id index. On
// FerretDB v1.24's SQLite backend `{_id: <string>}` is the one filter pushed down to SQL (though SQLite
// then scans: FerretDB's query expression does not match its own _id index), while any other filter or
// sort is applied in Go after reading the whole collection. So: a few entries by single lookups, a page
// by one range read.
import mongoose from 'mongoose';
import type { Models } from '../../models/index.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { mapLimited } from './concurrency.ts';

/** `_id` of entry `seq`: zero-padded so that string order is seq order (on MongoDB too). */
export function entryId(seq: number): string {
  return String(seq).padStart(12, '0');
}

export interface StoredEntry {
  seq: number;
  canonical: string;
  leafHash: string;
  subject: string;
  subjectVersion: number;
  projected: boolean;
}

const LOOKUPS_IN_FLIGHT = 32;
/** Up to this many entries are read by `_id` one by one; more by one range read. */
const POINT_READS_UP_TO = 16;
const FIELDS = { seq: 1, canonical: 1, leafHash: 1, subject: 1, subjectVersion: 1, projected: 1 } as const;

export class EntryStore {
  constructor(private readonly models: Models) {}

  async get(seq: number): Promise<StoredEntry | undefined> {
    const doc = await this.models.LedgerEntry.findById(entryId(seq)).select(FIELDS).lean();
    return doc ?? undefined;
  }

  async exists(seq: number): Promise<boolean> {
    return (await this.models.LedgerEntry.findById(entryId(seq)).select({ _id: 1 }).lean()) !== null;
  }

  /** Entries [start, end) that exist, in seq order, stopping at the first missing one. */
  async range(start: number, end: number): Promise<StoredEntry[]> {
    const count = Math.max(0, end - start);
    let found: (StoredEntry | undefined)[];
    if (count <= POINT_READS_UP_TO) {
      found = await mapLimited(count, LOOKUPS_IN_FLIGHT, (i) => this.get(start + i));
    } else {
      // One range read: on MongoDB an _id index range; on FerretDB/SQLite one pass over the collection,
      // which beats `count` lookups that each pass over it.
      const docs = await this.models.LedgerEntry.find({
        _id: mongoose.trusted({ $gte: entryId(start), $lt: entryId(end) }),
      })
        .select(FIELDS)
        .sort({ _id: 1 })
        .lean();
      const bySeq = new Map(docs.map((d) => [d.seq, d]));
      found = Array.from({ length: count }, (_, i) => bySeq.get(start + i));
    }
    const gap = found.findIndex((e) => e === undefined);
    return (gap === -1 ? found : found.slice(0, gap)) as StoredEntry[];
  }

  /**
   * The last seq in the log (-1 when empty), found from a seq known to exist or else a hint that may
   * lag behind: gallop forward from it, then binary-search the gap. Entries have no holes (seq n is only written after n-1 exists), so
   * "exists" is monotone in seq. O(log lag) lookups.
   */
  async head(knownToExist?: number): Promise<number> {
    let known: number;
    if (knownToExist !== undefined) known = knownToExist;
    else {
      const hint = await this.models.LedgerState.findById('head').lean();
      known = typeof hint?.size === 'number' ? hint.size - 1 : -1; // exists (or -1)
      if (known >= 0 && !(await this.exists(known))) known = -1; // a hint the log does not bear out (entries deleted)
    }
    let step = 1;
    let missing = known + step;
    while (await this.exists(missing)) {
      known = missing;
      step *= 2;
      missing = known + step;
    }
    while (missing - known > 1) {
      const mid = Math.floor((known + missing) / 2);
      if (await this.exists(mid)) known = mid;
      else missing = mid;
    }
    return known;
  }

  /** Raises the head hint to `seq` (never lowers it); losing this write only costs a longer search. */
  async noteHead(seq: number): Promise<void> {
    await raiseCounter(this.models, 'head', seq + 1);
  }
}

/** Raises LedgerState `_id`'s `size` to at least `value`, race-free: it only ever grows. */
export async function raiseCounter(models: Models, id: string, value: number): Promise<void> {
  const { LedgerState } = models;
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await LedgerState.updateOne(
      { _id: id, size: mongoose.trusted({ $lt: value }) },
      { $set: { size: value } },
    );
    if (res.matchedCount > 0) return;
    try {
      await LedgerState.create({ _id: id, size: value });
      return;
    } catch (err) {
      // It exists: either already at least this large (the next update matches nothing, done), or
      // created by a concurrent raise to a smaller value (the next update raises it).
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
