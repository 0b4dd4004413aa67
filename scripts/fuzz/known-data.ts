// Identifiers of records that exist, for the fuzzer to mix into what it generates: a random 24-digit
// hex id finds nothing, so without them every request about a pilot stops at 404 and the code behind it
// (lifecycle actions, filings, views by role) is never reached. Schemathesis takes them as
// "dictionaries" bound to parameters, used with a probability, so generated values are still tried too.
import type { RegistryContext } from '../../server/context.ts';

/** Values by dictionary name; numbers for integer parameters (a digit string would break their schema). */
export type KnownData = Record<string, (string | number)[]>;

interface PilotDoc {
  _id: unknown;
  reference: string | null;
  record: {
    exemptions?: { id: string }[];
    conditions?: { id: string }[];
    claims?: { id: string }[];
    incidents?: { id: string }[];
  };
}

export async function knownData(ctx: RegistryContext): Promise<KnownData> {
  const { Agency, Organization, Pilot, Programme, User } = ctx.models;
  const pilots = (await Pilot.find({}).select({ reference: 1, record: 1 }).lean()) as unknown as PilotDoc[];
  const ids = async (model: { distinct(field: '_id'): PromiseLike<unknown[]> }) =>
    (await model.distinct('_id')).map(String);
  const references = pilots.flatMap((p) => (p.reference ? [p.reference] : []));
  const size = await ctx.ledger.tree.size();
  return {
    pilot: [...pilots.map((p) => String(p._id)), ...references],
    reference: references,
    record: pilots.flatMap((p) =>
      [...(p.record.exemptions ?? []), ...(p.record.conditions ?? []), ...(p.record.claims ?? [])].map((r) => r.id),
    ),
    incident: pilots.flatMap((p) => (p.record.incidents ?? []).map((r) => r.id)),
    user: await ids(User),
    agency: await ids(Agency),
    agencyCode: (await Agency.find({}).select({ code: 1 }).lean()).map((a) => String(a.code)),
    organization: await ids(Organization),
    programme: await ids(Programme),
    seq: [...new Set([0, 1, Math.floor(size / 2), size - 1])].filter((n) => n >= 0 && n < size),
  };
}

/** Which parameters of which operations (path regex; one entry per operation) draw on which values. */
const BINDINGS: { paths: string; parameters: Record<string, keyof Awaited<ReturnType<typeof knownData>>> }[] = [
  { paths: '^/api/v1/pilots$', parameters: { 'query.programmeId': 'programme', 'body.programmeId': 'programme' } },
  {
    paths: '^/api/v1/pilots/',
    parameters: { 'path.id': 'pilot', 'path.recordId': 'record', 'body.incidentId': 'incident' },
  },
  {
    paths: '^/api/v1/admin/users',
    parameters: {
      'path.id': 'user',
      'query.agencyId': 'agency',
      'body.agencyId': 'agency',
      'body.organizationId': 'organization',
    },
  },
  { paths: '^/api/v1/admin/programmes$', parameters: { 'body.agencyId': 'agency' } },
  { paths: '^/api/v1/programmes/', parameters: { 'path.id': 'programme' } },
  { paths: '^/api/v1/organizations/', parameters: { 'path.id': 'organization' } },
  { paths: '^/api/v1/public/pilots', parameters: { 'path.reference': 'reference', 'query.agency': 'agencyCode' } },
  { paths: '^/api/v1/ledger/entries/', parameters: { 'path.seq': 'seq' } },
  { paths: '^/feed\\.atom$', parameters: { 'query.pilot': 'reference', 'query.agency': 'agencyCode' } },
];

/** A JSON string is a valid TOML basic string, and a JSON integer a TOML integer. */
export const toml = (value: string | number) => JSON.stringify(value);

/** schemathesis.toml lines binding the known values, each drawn with `probability`. */
export function dictionaryConfig(data: KnownData, probability: number): string {
  const lines: string[] = [];
  for (const [name, values] of Object.entries(data)) {
    if (values.length) lines.push(`[dictionaries.${name}]`, `values = [${values.map(toml).join(', ')}]`, '');
  }
  for (const { paths, parameters } of BINDINGS) {
    const bound = Object.entries(parameters).filter(([, dict]) => data[dict]?.length);
    if (!bound.length) continue;
    lines.push('[[operations]]', `include-path-regex = ${toml(paths)}`);
    lines.push(
      `parameters = { ${bound.map(([p, dict]) => `${toml(p)} = { dictionary = ${toml(dict)}, probability = ${probability} }`).join(', ')} }`,
      '',
    );
  }
  return lines.join('\n');
}
