// An Atom feed (RFC 4287) of public ledger events: entries of pilots that were ever approved (their
// application steps included) and agency and programme events. Entries of applications never approved
// stay out, although the log itself carries them anonymously. Content is the entry's public data only.
import { Feed } from 'feed';
import mongoose from 'mongoose';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { pilotKey } from '../pilots/keys.ts';
import { publicIndex } from './registry-index.ts';
import { timelineItem } from './timeline.ts';
import { pilotPagePath } from './views.ts';

export const FEED_SIZE = 50;

export interface FeedFilter {
  agency?: string;
  /** A pilot reference. */
  pilot?: string;
}

/** Ledger keys (LedgerEntry.subject) the feed may show, with the reference of each pilot key. */
async function feedSubjects(ctx: RegistryContext, f: FeedFilter) {
  // The public pilots from the in-memory index's slim rows, not from the pilot documents.
  const pilots = (await publicIndex(ctx).current()).publicRows.filter(
    (p) => (!f.agency || p.agencyCode === f.agency) && (!f.pilot || p.reference === f.pilot),
  );
  if (f.pilot && pilots.length === 0) throw problems.notFound(`No public pilot ${f.pilot}.`);
  const references = new Map(pilots.map((p) => [pilotKey(String(p._id)), p.reference ?? '']));
  const keys = [...references.keys()];
  if (!f.pilot) {
    if (f.agency) {
      const programmes = await ctx.models.Programme.find({ agencyCode: f.agency }).select({ code: 1 }).lean();
      keys.push(`agency:${f.agency}`, ...programmes.map((p) => `programme:${p.code}`));
    }
  }
  return { keys, references, directory: !f.pilot && !f.agency };
}

export async function ledgerFeed(ctx: RegistryContext, f: FeedFilter, baseUrl: string): Promise<string> {
  const { keys, references, directory } = await feedSubjects(ctx, f);
  const or: Record<string, unknown>[] = [{ subject: mongoose.trusted({ $in: keys }) }];
  // Without a filter, every agency and programme event belongs in the feed.
  if (directory) or.push({ subject: mongoose.trusted({ $regex: '^(agency|programme):' }) });
  const docs = await ctx.models.LedgerEntry.find({ $or: or })
    .select({ seq: 1, canonical: 1, subject: 1 })
    .sort({ _id: -1 })
    .limit(FEED_SIZE)
    .lean();

  const query = new URLSearchParams(
    Object.entries(f).filter((kv): kv is [string, string] => typeof kv[1] === 'string'),
  ).toString();
  const self = `${baseUrl}/feed.atom${query ? `?${query}` : ''}`;
  const items = docs.map((d) => ({ item: timelineItem(d.seq, d.canonical), reference: references.get(d.subject) }));
  const feed = new Feed({
    id: self,
    title: `Sandbox Registry: ledger events${f.pilot ? ` of ${f.pilot}` : f.agency ? ` of ${f.agency}` : ''}`,
    description: 'Decisions and events of the regulatory sandbox register, from its public ledger.',
    link: `${baseUrl}/`,
    feedLinks: { atom: self },
    updated: items[0] ? new Date(items[0].item.at) : new Date(0),
    generator: 'Sandbox Registry',
    copyright: 'Public record',
  });
  for (const { item, reference } of items) {
    const name = reference || item.subject;
    const change = item.from !== item.to && item.to ? ` (${item.from ?? 'new'} → ${item.to})` : '';
    feed.addItem({
      id: `${baseUrl}${item.entry}`,
      title: `${name}: ${item.type}${change}`,
      // People follow a feed into the site: the pilot's page, or the entry in the ledger explorer.
      link: reference ? `${baseUrl}${pilotPagePath(reference)}` : `${baseUrl}/ledger/entries/${item.seq}`,
      date: new Date(item.at),
      description: `Ledger entry ${item.seq} by ${item.actor.role}${item.actor.agency ? ` (${item.actor.agency})` : ''}.`,
      content: JSON.stringify(item.data),
      category: [{ term: item.type }],
    });
  }
  return feed.atom1();
}
