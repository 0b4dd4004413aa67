// Downloads of what a public list's filters select: CSV (UTF-8 with a byte order mark, so spreadsheet
// programs read Vietnamese text right) and JSON. Rows are the same public summaries the list shows.
import { stringify } from 'csv-stringify/sync';
import type { PublicSummary } from './views.ts';

const COLUMNS: { header: string; value: (p: PublicSummary) => string | number | null }[] = [
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
  { header: 'start', value: (p) => p.start },
  { header: 'end', value: (p) => p.end },
  { header: 'public_since', value: (p) => p.publicSince },
  { header: 'exemptions', value: (p) => p.exemptions.join('; ') },
  { header: 'summary', value: (p) => p.publicSummary },
  { header: 'url', value: (p) => p.url },
];

export function pilotsCsv(items: PublicSummary[]): string {
  return stringify(
    items.map((p) => COLUMNS.map((c) => c.value(p) ?? '')),
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
