// What every page needs besides its own content: the directory (agencies, programmes) and the values the
// filters offer. Read through the same functions as the API's directory and public registry, and cached
// per app for a short while: they change rarely and every page shows them.
import { listAgencies } from '../agencies/agencies.ts';
import type { RegistryContext } from '../context.ts';
import { listProgrammes } from '../programmes/programmes.ts';
import { publicFacets } from '../public/facets.ts';

const TTL_MS = 30_000;

function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let value: { at: number; promise: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!value || now - value.at > TTL_MS) {
      const promise = load();
      value = { at: now, promise };
      promise.catch(() => (value = undefined));
    }
    return value.promise;
  };
}

export type AgencyInfo = Awaited<ReturnType<typeof listAgencies>>[number];

/** Per-app caches of the directory and of the values the filters offer. */
export function siteData(ctx: RegistryContext) {
  return {
    agencies: cached(() => listAgencies(ctx)),
    programmes: cached(() => listProgrammes(ctx)),
    facets: cached(() => publicFacets(ctx)),
  };
}
export type SiteData = ReturnType<typeof siteData>;
