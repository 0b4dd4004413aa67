// A public pilot's full history, read from the ledger: every entry filed under the pilot's key, its
// application steps included (those carry the opaque subject pilot:<id>; the approval entry names both
// the id and the reference, which is what ties them to the pilot in public). Each item links to its entry,
// so a reader can check it against the signed log.
import type { RegistryContext } from '../context.ts';
import type { Entry } from '../ledger/entry.ts';
import { pilotKey } from '../pilots/keys.ts';

export const ledgerEntryPath = (seq: number) => `/api/v1/ledger/entries/${seq}`;

export interface TimelineItem {
  seq: number;
  at: string;
  type: string;
  subject: string;
  actor: Entry['actor'];
  from: string | null;
  to: string | null;
  /** The entry's public content, exactly as the ledger publishes it. */
  data: Entry['data'];
  /** Whether confidential content is committed to (shown to the pilot's parties only). */
  hasPrivateContent: boolean;
  entry: string;
}

export function timelineItem(seq: number, canonical: string): TimelineItem {
  const e = JSON.parse(canonical) as Entry;
  const data = e.data as Record<string, unknown>;
  return {
    seq,
    at: e.at,
    type: e.type,
    subject: e.subject,
    actor: e.actor,
    from: typeof data.from === 'string' ? data.from : null,
    to: typeof data.to === 'string' ? data.to : null,
    data: e.data,
    hasPrivateContent: e.commitment !== null,
    entry: ledgerEntryPath(seq),
  };
}

/** Only call for a pilot that is public: its earlier entries are anonymous in the log, not here. */
export async function pilotTimeline(ctx: RegistryContext, pilotId: string): Promise<TimelineItem[]> {
  const docs = await ctx.models.LedgerEntry.find({ subject: pilotKey(pilotId) })
    .select({ seq: 1, canonical: 1 })
    .sort({ _id: 1 })
    .lean();
  return docs.map((d) => timelineItem(d.seq, d.canonical));
}
