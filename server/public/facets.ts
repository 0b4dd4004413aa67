// The values the public filters offer (sectors, technologies, provinces), as written in the pilots that
// are public: from the summaries in the in-memory index's slim rows, once per tree size.
import type { RegistryContext } from '../context.ts';
import { publicIndex } from './registry-index.ts';

export interface Facets {
  sectors: string[];
  technologies: string[];
  provinces: string[];
}

const distinct = (values: Iterable<unknown>) =>
  [...new Set([...values].filter((v): v is string => typeof v === 'string' && v.length > 0))].sort((a, b) =>
    a.localeCompare(b, 'vi'),
  );

export async function publicFacets(ctx: RegistryContext): Promise<Facets> {
  const snap = await publicIndex(ctx).current();
  return snap.memo('facets', () => {
    const summaries = snap.publicRows.map((r) => r.summary ?? {});
    const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
    return {
      sectors: distinct(summaries.map((s) => s.sector)),
      technologies: distinct(summaries.flatMap((s) => list(s.technologies))),
      provinces: distinct(summaries.flatMap((s) => list(s.provinces))),
    };
  });
}
