// The values the public filters offer (sectors, technologies, provinces), as written in the pilots that
// are public. $unwind (string form) and $group/$sum are within what FerretDB runs (DESIGN §4).
import type { PipelineStage } from 'mongoose';
import type { RegistryContext } from '../context.ts';

export interface Facets {
  sectors: string[];
  technologies: string[];
  provinces: string[];
}

interface Bucket {
  _id: unknown;
  count: number;
}

export async function publicFacets(ctx: RegistryContext): Promise<Facets> {
  const values = async (path: string, unwind: boolean) => {
    const stages: PipelineStage[] = [
      { $match: { isPublic: true } },
      ...(unwind ? [{ $unwind: `$${path}` }] : []),
      { $group: { _id: `$${path}`, count: { $sum: 1 } } },
    ];
    const buckets = await ctx.models.Pilot.aggregate<Bucket>(stages);
    return buckets
      .map((b) => b._id)
      .filter((v): v is string => typeof v === 'string' && v.length > 0)
      .sort((a, b) => a.localeCompare(b, 'vi'));
  };
  const [sectors, technologies, provinces] = await Promise.all([
    values('record.application.sector', false),
    values('record.application.technologies', true),
    values('record.application.scope.provinces', true),
  ]);
  return { sectors, technologies, provinces };
}
