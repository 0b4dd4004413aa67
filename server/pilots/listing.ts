// The public listing of a pilot: the copies of its public fields that the registry's lists, filters,
// search and statistics query. It is computed from the public part of the record only (PILOT_VISIBILITY),
// so a confidential field cannot become searchable, and it is null until the pilot is approved.
// Search cannot use $text (DESIGN §4), so the folded tokens are stored and matched by prefix.
import { PILOT_VISIBILITY, type Listing, type PilotRecord } from '../../models/pilot.ts';
import { publicPart } from '../../models/visibility.ts';
import { facetKey, foldText, tokenSet } from './search-text.ts';

const CLOSING_ACTIONS = new Set(['revoke', 'complete']);

/** The public listing, or null for a pilot that was never approved. */
export function listingOf(record: PilotRecord): Listing | null {
  if (record.publicSince === null || !record.start || !record.end) return null;
  const pub = publicPart(record, PILOT_VISIBILITY);
  const app = pub.application ?? {};
  const closings = [
    ...(pub.decisions ?? []).filter((d) => CLOSING_ACTIONS.has(d.action)).map((d) => d.at),
    ...(pub.withdrawal ? [pub.withdrawal.at] : []),
  ];
  const activeUntil = [record.end, ...closings].sort()[0];
  const texts = [
    pub.reference ?? '',
    app.title ?? '',
    app.publicSummary ?? '',
    app.sector ?? '',
    app.solutionType ?? '',
    ...(app.technologies ?? []),
    ...(app.scope?.provinces ?? []),
    pub.organization?.name ?? '',
    pub.agency?.code ?? '',
    ...(pub.exemptions ?? []).map((x) => x.legalReference),
  ];
  return {
    tokens: tokenSet(texts),
    sector: app.sector ? facetKey(app.sector) : null,
    technologies: (app.technologies ?? []).map(facetKey),
    provinces: (app.scope?.provinces ?? []).map(facetKey),
    title: foldText(app.title ?? ''),
    start: record.start,
    end: record.end,
    activeUntil,
    publicSince: record.publicSince,
    updatedAt: record.updatedAt,
    approvedMonth: record.publicSince.slice(0, 7),
  };
}
