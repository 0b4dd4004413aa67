// Downloads of what a public list's filters select: CSV (UTF-8 with a byte order mark, so spreadsheet
// programs read Vietnamese text right) and JSON. Rows are the same public summaries the list shows; in
// the CSV, dates are plain YYYY-MM-DD (Vietnam's day), each row links to its page with an absolute URL,
// and no cell can run as a spreadsheet formula.
import { stringify } from 'csv-stringify/sync';
import { pilotPagePath, type PublicSummary } from './views.ts';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, dateStyle: 'short' });
/** YYYY-MM-DD of an instant, in Vietnam. */
const day = (iso: string | null) => (iso ? dayFormat.format(new Date(iso)) : null);

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return before
 * one) is prefixed with an apostrophe, so it stays text (OWASP's CSV injection advice).
 */
export function inertCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const COLUMNS: { header: string; value: (p: PublicSummary, base: string) => string | number | null }[] = [
  { header: 'reference', value: (p) => p.reference },
  { header: 'title', value: (p) => p.title },
  { header: 'status', value: (p) => p.status },
  { header: 'agency', value: (p) => p.agency },
  { header: 'organization', value: (p) => p.organization },
  { header: 'sector', value: (p) => p.sector },
  { header: 'solution_type', value: (p) => p.solutionType },
  { header: 'technologies', value: (p) => p.technologies.join('; ') },
  { header: 'provinces', value: (p) => p.provinces.join('; ') },
  { header: 'participant_cap', value: (p) => p.participantCap },
  { header: 'start', value: (p) => day(p.start) },
  { header: 'end', value: (p) => day(p.end) },
  { header: 'public_since', value: (p) => day(p.publicSince) },
  { header: 'exemptions', value: (p) => p.exemptions.join('; ') },
  { header: 'summary', value: (p) => p.publicSummary },
  // The human page, not the API's record: a spreadsheet's reader follows it to read the pilot.
  { header: 'url', value: (p, base) => (p.reference ? `${base}${pilotPagePath(p.reference)}` : null) },
];

/** The CSV of `items`; `base` is the registry's absolute address (PUBLIC_URL) for each row's link. */
export function pilotsCsv(items: PublicSummary[], base: string): string {
  return stringify(
    items.map((p) => COLUMNS.map((c) => (c.header === 'url' ? c.value(p, base) : inertCell(c.value(p, base))) ?? '')),
    { bom: true, header: true, columns: COLUMNS.map((c) => c.header), record_delimiter: 'windows' },
  );
}

export function downloadHeaders(kind: 'csv' | 'json', at: Date): Record<string, string> {
  const name = `sandbox-pilots-${at.toISOString().slice(0, 10)}.${kind}`;
  return {
    'Content-Type': kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
  };
}
