// The ledger as the public site's explorer reads it: the signed checkpoint, pages of the log newest first,
// and one entry with the public pilot it belongs to. Everything comes from the public ledger API's own
// functions (server/ledger/public-api.ts); the pilot is named only when it is public.
import type { RegistryContext } from '../context.ts';
import { entryCount, getEntry, latestCheckpoint, listEntries } from '../ledger/public-api.ts';
import mongoose from 'mongoose';
import { problems } from '../errors.ts';
import { PILOT_EVENT_TYPES } from '../pilots/events.ts';
import { pilotIdOfKey, pilotKey } from '../pilots/keys.ts';
import { publicIndex, type Snapshot } from './registry-index.ts';

export interface CheckpointSummary {
  origin: string;
  size: number;
  root: string;
  /** The signed note itself: the browser checks its signature. */
  note: string;
}

/** The latest signed checkpoint, its body parsed. */
export async function checkpointSummary(ctx: RegistryContext): Promise<CheckpointSummary> {
  const note = await latestCheckpoint(ctx);
  const [origin = '', size = '0', root = ''] = note.split('\n');
  return { origin, size: Number(size), root, note };
}

/** The registry's checkpoint-signing key, as verifiers take it (C2SP vkey). */
export const ledgerKey = (ctx: RegistryContext) => ctx.ledger.checkpoints.publicKey();

export const ENTRIES_PER_PAGE = 25;

/** Every type of entry the log holds: the pilots' events, and the directory's. */
export const LEDGER_TYPES = [...PILOT_EVENT_TYPES, 'agency.registered', 'programme.registered'] as const;

export interface LedgerFilter {
  /** Entries before this seq (exclusive); by default the whole log. */
  upTo?: number;
  /** A public pilot's reference (any case). */
  pilot?: string;
  /** An agency code: its public pilots' entries, its own and its programmes'. */
  agency?: string;
  type?: string;
}

/** Who an entry is about, in a reader's terms: a public pilot by reference and title, or the directory. */
export type EntrySubject =
  | { kind: 'pilot'; reference: string; title: string | null }
  | { kind: 'application' }
  | { kind: 'agency'; code: string }
  | { kind: 'programme'; code: string }
  | { kind: 'other'; key: string };

/** Names a ledger key from the index's slim rows (no read of its own): never a pilot's internal id. */
function subjectOf(snapshot: Snapshot, key: string): EntrySubject {
  // An entry names its pilot by the internal key until the pilot is public, by its reference after.
  const pilotId = pilotIdOfKey(key);
  const byReference = snapshot.byReference.get(key);
  if (pilotId || byReference) {
    const row = byReference ?? snapshot.rows.get(pilotId!);
    if (!row?.isPublic || !row.reference) return { kind: 'application' };
    const title = typeof row.summary?.title === 'string' ? row.summary.title : null;
    return { kind: 'pilot', reference: row.reference, title };
  }
  const [kind, ...rest] = key.split(':');
  if (kind === 'agency' || kind === 'programme') return { kind, code: rest.join(':') };
  return { kind: 'other', key };
}

const withSubjects = (snapshot: Snapshot, docs: { seq: number; canonical: string; leafHash?: string }[]) =>
  docs.map((e) => {
    const entry = JSON.parse(e.canonical) as Record<string, unknown>;
    return { ...e, entry, about: subjectOf(snapshot, String(entry.subject)) };
  });

/**
 * A page of the log, newest first, each entry naming who it is about. Without a filter, the entries
 * before `upTo` by seq; with one, the entries that match, read through the subject index when a pilot or
 * an agency narrows them (a type alone walks the log back from `upTo` until a page is full).
 */
export async function ledgerPage(ctx: RegistryContext, f: LedgerFilter = {}) {
  const [count, snapshot] = await Promise.all([entryCount(ctx), publicIndex(ctx).current()]);
  const end = Math.min(f.upTo ?? count, count);
  if (!f.pilot && !f.agency && !f.type) {
    const start = Math.max(0, end - ENTRIES_PER_PAGE);
    const entries = end > start ? (await listEntries(ctx, start, end - start)).entries : [];
    return {
      count,
      entries: withSubjects(snapshot, entries.reverse()),
      older: start > 0 ? start : null,
      newer: end < count ? Math.min(count, end + ENTRIES_PER_PAGE) : null,
    };
  }
  const where: Record<string, unknown> = { seq: mongoose.trusted({ $lt: end }) };
  if (f.type) where.type = f.type;
  if (f.pilot || f.agency) where.subject = mongoose.trusted({ $in: await subjectKeys(ctx, snapshot, f) });
  const docs = await ctx.models.LedgerEntry.find(where)
    .select({ seq: 1, canonical: 1, leafHash: 1 })
    .sort({ _id: -1 })
    .limit(ENTRIES_PER_PAGE + 1)
    .lean();
  const page = docs.slice(0, ENTRIES_PER_PAGE);
  return {
    count,
    entries: withSubjects(
      snapshot,
      page.map((d) => ({ seq: d.seq, canonical: d.canonical, leafHash: d.leafHash })),
    ),
    older: docs.length > ENTRIES_PER_PAGE ? page[page.length - 1].seq : null,
    // A filtered page links back to the newest entries that match.
    newer: f.upTo !== undefined && f.upTo < count ? count : null,
  };
}

/** The ledger keys a pilot or agency filter admits, from the index's rows. */
async function subjectKeys(ctx: RegistryContext, snapshot: Snapshot, f: LedgerFilter): Promise<string[]> {
  if (f.pilot) {
    const row = snapshot.byReference.get(f.pilot.toUpperCase());
    if (!row) throw problems.notFound(`No public pilot ${f.pilot}.`);
    if (f.agency && row.agencyCode !== f.agency) return [];
    return [pilotKey(String(row._id))];
  }
  const keys = snapshot.publicRows.filter((r) => r.agencyCode === f.agency).map((r) => pilotKey(String(r._id)));
  const programmes = await ctx.models.Programme.find({ agencyCode: f.agency }).select({ code: 1 }).lean();
  return [...keys, `agency:${f.agency}`, ...programmes.map((p) => `programme:${p.code}`)];
}

/** One entry, with the public pilot it belongs to (entries of applications never approved name none). */
export async function publicEntry(ctx: RegistryContext, seq: number) {
  const item = await getEntry(ctx, seq);
  const stored = await ctx.ledger.entries.get(seq);
  const pilotId = stored ? pilotIdOfKey(stored.subject) : null;
  const snapshot = await publicIndex(ctx).current();
  const row = pilotId ? snapshot.rows.get(pilotId) : undefined;
  return {
    ...item,
    reference: row?.isPublic ? row.reference : null,
    about: subjectOf(snapshot, String(item.entry.subject)),
  };
}
