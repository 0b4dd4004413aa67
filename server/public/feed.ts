// An Atom feed (RFC 4287) of public ledger events: entries of pilots that were ever approved (their
// application steps included) and agency and programme events. Entries of applications never approved
// stay out, although the log itself carries them anonymously. Each entry reads like news, in the
// reader's language (`?lang=`): the pilot's title and reference, what was decided and by which agency,
// the decision's reason and legal basis, linking to the pilot's page. Its text is built by us from
// escaped fields: nothing a business wrote is ever live markup in a feed reader.
import { Feed } from 'feed';
import mongoose from 'mongoose';
import { listAgencies } from '../agencies/agencies.ts';
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
  lang?: 'en' | 'vi';
}

/** What the feed needs of the reader's language (server/site/i18n.ts's messages). */
export interface FeedWords {
  lang: 'en' | 'vi';
  /** An event type or a state in words. */
  code: (kind: string, value: string) => string;
  status: (state: string) => string;
  /** A date and time in Vietnam. */
  time: (iso: string) => string;
  feedTitle: string;
  feedDescription: string;
  /** `{agency} decided: {event}` and the rest of an entry's sentences. */
  t: (key: FeedKey, params?: Record<string, string>) => string;
}
export type FeedKey = 'byAgency' | 'now' | 'reason' | 'legalBasis' | 'decision' | 'entry' | 'of';

/**
 * Text for an Atom text construct of type "html" (the feed library writes title, summary and content so,
 * in CDATA): `&`, `<` and `>` escaped, so a business's `<img onerror>` is shown as text and `]]>` cannot
 * end the CDATA section.
 */
const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

interface DecisionLike {
  reference?: unknown;
  signerTitle?: unknown;
  signedAt?: unknown;
  legalBasis?: unknown;
  reason?: unknown;
}
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** Ledger keys (LedgerEntry.subject) the feed may show, with the reference of each pilot key. */
async function feedSubjects(ctx: RegistryContext, f: FeedFilter) {
  // The public pilots from the in-memory index's slim rows, not from the pilot documents.
  const pilots = (await publicIndex(ctx).current()).publicRows.filter(
    (p) => (!f.agency || p.agencyCode === f.agency) && (!f.pilot || p.reference === f.pilot),
  );
  if (f.pilot && pilots.length === 0) throw problems.notFound(`No public pilot ${f.pilot}.`);
  const references = new Map(pilots.map((p) => [pilotKey(String(p._id)), p.reference ?? '']));
  const titles = new Map(
    pilots.map((p) => [pilotKey(String(p._id)), typeof p.summary?.title === 'string' ? p.summary.title : null]),
  );
  const keys = [...references.keys()];
  if (!f.pilot) {
    if (f.agency) {
      const programmes = await ctx.models.Programme.find({ agencyCode: f.agency }).select({ code: 1 }).lean();
      keys.push(`agency:${f.agency}`, ...programmes.map((p) => `programme:${p.code}`));
    }
  }
  return { keys, references, titles, directory: !f.pilot && !f.agency };
}

export async function ledgerFeed(
  ctx: RegistryContext,
  f: FeedFilter,
  baseUrl: string,
  words: FeedWords,
): Promise<string> {
  const { keys, references, titles, directory } = await feedSubjects(ctx, f);
  const or: Record<string, unknown>[] = [{ subject: mongoose.trusted({ $in: keys }) }];
  // Without a filter, every agency and programme event belongs in the feed.
  if (directory) or.push({ subject: mongoose.trusted({ $regex: '^(agency|programme):' }) });
  const [docs, agencies] = await Promise.all([
    ctx.models.LedgerEntry.find({ $or: or })
      .select({ seq: 1, canonical: 1, subject: 1 })
      .sort({ _id: -1 })
      .limit(FEED_SIZE)
      .lean(),
    listAgencies(ctx),
  ]);
  const agencyName = (code: string | null) => {
    const a = agencies.find((x) => x.code === code);
    return a ? (words.lang === 'vi' && a.nameVi ? a.nameVi : a.name) : code;
  };

  const query = new URLSearchParams(
    Object.entries(f).filter((kv): kv is [string, string] => typeof kv[1] === 'string'),
  ).toString();
  const self = `${baseUrl}/feed.atom${query ? `?${query}` : ''}`;
  const items = docs.map((d) => ({
    item: timelineItem(d.seq, d.canonical),
    reference: references.get(d.subject),
    title: titles.get(d.subject) ?? null,
  }));
  const feed = new Feed({
    id: self,
    title: `${words.feedTitle}${f.pilot ? ` — ${f.pilot}` : f.agency ? ` — ${agencyName(f.agency)}` : ''}`,
    description: words.feedDescription,
    link: `${baseUrl}/${words.lang === 'vi' ? '?lang=vi' : ''}`,
    language: words.lang,
    feedLinks: { atom: self },
    updated: items[0] ? new Date(items[0].item.at) : new Date(0),
    generator: 'Sandbox Registry',
    copyright: 'Public record',
  });
  for (const { item, reference, title } of items) {
    const event = words.code('', item.type);
    const subject = reference
      ? `${title ? `${title} (${reference})` : reference}`
      : item.subject.replace(/^(agency|programme):/, '');
    const now = item.to && item.from !== item.to ? words.t('now', { state: words.status(item.to) }) : '';
    const data = item.data as Record<string, unknown>;
    const decision = (typeof data.decision === 'object' && data.decision ? data.decision : {}) as DecisionLike;
    const by = item.actor.agency ? agencyName(item.actor.agency) : null;
    const sentences = [
      by ? words.t('byAgency', { agency: by, event }) : event,
      now,
      (text(decision.reason) ?? text(data.reason))
        ? words.t('reason', { reason: (text(decision.reason) ?? text(data.reason))! })
        : '',
      text(decision.legalBasis) ? words.t('legalBasis', { basis: text(decision.legalBasis)! }) : '',
      text(decision.reference)
        ? words.t('decision', {
            reference: text(decision.reference)!,
            signer: text(decision.signerTitle) ?? '—',
            at: text(decision.signedAt) ? words.time(text(decision.signedAt)!) : '—',
          })
        : '',
      words.t('entry', { seq: String(item.seq), at: words.time(item.at) }),
    ].filter(Boolean);
    const link = reference
      ? `${baseUrl}${pilotPagePath(reference)}${words.lang === 'vi' ? '?lang=vi' : ''}`
      : `${baseUrl}/ledger/entries/${item.seq}`;
    feed.addItem({
      id: `${baseUrl}${item.entry}`,
      title: escapeHtml(`${subject}: ${event}`),
      link,
      date: new Date(item.at),
      description: escapeHtml(sentences.join(' ')),
      // HTML built here from escaped fields only.
      content: sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join(''),
      category: [{ term: item.type, name: event }],
    });
  }
  return feed.atom1();
}
