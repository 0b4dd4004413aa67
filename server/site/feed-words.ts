// The Atom feed's words in the reader's language: event types and states from the site's catalogs,
// sentences of its own, and times in Vietnam's time zone (UTC+7, no daylight saving).
import type { FeedKey, FeedWords } from '../public/feed.ts';
import { messages, type Lang } from './i18n.ts';

const SENTENCES: Record<Lang, Record<FeedKey, string> & { title: string; description: string }> = {
  en: {
    title: 'Sandbox Registry: decisions and events',
    description: 'Decisions and events of the regulatory sandbox register, from its public ledger.',
    byAgency: '{agency}: {event}.',
    now: 'The pilot is now {state}.',
    reason: 'Reason: {reason}',
    legalBasis: 'Legal basis: {basis}.',
    decision: 'Decision {reference}, signed by {signer} on {at}.',
    entry: 'Ledger entry #{seq}, recorded {at}.',
    of: 'of',
  },
  vi: {
    title: 'Sổ đăng ký thử nghiệm có kiểm soát: quyết định và sự kiện',
    description: 'Các quyết định và sự kiện của sổ đăng ký thử nghiệm có kiểm soát, từ sổ cái công khai.',
    byAgency: '{agency}: {event}.',
    now: 'Thử nghiệm hiện ở trạng thái: {state}.',
    reason: 'Lý do: {reason}',
    legalBasis: 'Căn cứ pháp lý: {basis}.',
    decision: 'Quyết định {reference}, {signer} ký ngày {at}.',
    entry: 'Mục #{seq} trên sổ cái, ghi lúc {at}.',
    of: 'của',
  },
};

export function feedWords(lang: Lang): FeedWords {
  const m = messages(lang);
  const s = SENTENCES[lang];
  return {
    lang,
    code: (kind, value) => m.code(kind, value),
    status: (state) => m.status(state),
    // The site's own Vietnam time, the same on the pages and in the feed.
    time: (iso) => m.time(iso),
    feedTitle: s.title,
    feedDescription: s.description,
    t: (key, params = {}) => s[key].replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? ''),
  };
}
