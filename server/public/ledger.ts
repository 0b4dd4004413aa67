// The ledger as the public site's explorer reads it: the signed checkpoint, pages of the log newest first,
// and one entry with the public pilot it belongs to. Everything comes from the public ledger API's own
// functions (server/ledger/public-api.ts); the pilot is named only when it is public.
import type { RegistryContext } from '../context.ts';
import { entryCount, getEntry, latestCheckpoint, listEntries } from '../ledger/public-api.ts';
import { pilotIdOfKey } from '../pilots/keys.ts';
import { publicIndex } from './registry-index.ts';

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

/** A page of the log, newest first: the entries before `upTo` (exclusive), by default the whole log. */
export async function ledgerPage(ctx: RegistryContext, upTo?: number) {
  const count = await entryCount(ctx);
  const end = Math.min(upTo ?? count, count);
  const start = Math.max(0, end - ENTRIES_PER_PAGE);
  const entries = end > start ? (await listEntries(ctx, start, end - start)).entries : [];
  return {
    count,
    entries: entries.reverse().map((e) => ({ ...e, entry: JSON.parse(e.canonical) as Record<string, unknown> })),
    older: start > 0 ? start : null,
    newer: end < count ? Math.min(count, end + ENTRIES_PER_PAGE) : null,
  };
}

/** One entry, with the public pilot it belongs to (entries of applications never approved name none). */
export async function publicEntry(ctx: RegistryContext, seq: number) {
  const item = await getEntry(ctx, seq);
  const stored = await ctx.ledger.entries.get(seq);
  const pilotId = stored ? pilotIdOfKey(stored.subject) : null;
  const row = pilotId ? (await publicIndex(ctx).current()).rows.get(pilotId) : undefined;
  return { ...item, reference: row?.isPublic ? row.reference : null };
}
