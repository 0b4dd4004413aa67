// The published contract as tests read it: which statuses the OpenAPI document says each route answers.
import { templateOf, type RouteEntry } from '../../middleware/route-table.ts';
import type { TestApp } from './app.ts';

type Paths = Record<string, Record<string, { responses: Record<string, unknown> }>>;

/** Returns a check: is `status` among the documented answers of `route`? */
export async function documentedAnswers(app: TestApp): Promise<(route: RouteEntry, status: number) => boolean> {
  const paths = (await app.http.get('/api/openapi.json')).body.paths as Paths;
  return (route, status) => String(status) in (paths[templateOf(route.path)]?.[route.method]?.responses ?? {});
}
