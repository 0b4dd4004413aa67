// npm run bench:public [-- --pilots 100000 --concurrency 50 --duration 20 --pages 5 --scenarios list,search
//                          --write-docs --json FILE]
// Measures the public registry's reads on the database the app would use (MONGODB_URI, else the embedded
// server): each scenario runs at `concurrency` concurrent connections over HTTP against the app (in
// process, on a real socket), and then the same query straight through the driver (the native collection,
// with the filter, sort, limit and projection the route builds), in the same run and through the same
// load loop; the ratio of the two is the app's cost.
// The registry is the demo data set driven through the HTTP API (scripts/seed) plus `pilots` synthetic
// public pilots written straight into the collection in the projector's own shape
// (scripts/bench/synthetic-pilots.ts), checked key by key against the pilots the API made.
// Prints a Markdown section (--write-docs puts it into docs/BENCHMARKS.md) and, with --json, the figures.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { createUser } from '../server/accounts/admin.ts';
import type { createApp } from '../server/app.ts';
import { pilotKey } from '../server/pilots/keys.ts';
import { LISTED_FIELDS } from '../server/public/pilots.ts';
import { filterAfter, sortOf } from '../server/paging.ts';
import { orderOf, publicFilter, type PublicPilotQuery } from '../server/public/query.ts';
import { countPipeline, STATS_COUNTS } from '../server/public/stats.ts';
import { runLoad, type LoadResult } from './bench/load.ts';
import { startThrowawayRegistry } from './lib/throwaway-registry.ts';
import { keyPathsByLevel, shapeDifferences } from './bench/shape.ts';
import { syntheticPilots, type BenchProgramme } from './bench/synthetic-pilots.ts';
import { RegistryClient } from './seed/client.ts';
import { DEMO_PASSWORD } from './seed/data.ts';
import { seedRegistry } from './seed/story.ts';

const { values } = parseArgs({
  options: {
    pilots: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    pages: { type: 'string', default: '5' },
    scenarios: { type: 'string', default: 'list,filter,search,deep,page,stats' },
    'write-docs': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
  strict: true,
});
const PILOTS = Number(values.pilots);
const CONCURRENCY = Number(values.concurrency);
const DURATION = Number(values.duration);
const PAGES = Number(values.pages);
for (const [flag, n] of Object.entries({
  pilots: PILOTS,
  concurrency: CONCURRENCY,
  duration: DURATION,
  pages: PAGES,
})) {
  if (!Number.isFinite(n) || n < (flag === 'pilots' ? 0 : 1)) {
    console.error(`--${flag}: must be a number${flag === 'pilots' ? '' : ' ≥ 1'}`);
    process.exit(2);
  }
}
const SCENARIOS = new Set(values.scenarios.split(','));
const BATCH = 2000;
const DOCS = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'docs', 'BENCHMARKS.md');
const log = (s: string) => console.error(`[bench] ${s}`);

type Ctx = ReturnType<typeof createApp>['ctx'];
type Doc = Record<string, unknown>;

/** One read of the public registry, over HTTP and through the driver; `items` says what each side returned. */
interface Scenario {
  /** As --scenarios names it. */
  key: string;
  name: string;
  what: string;
  http: (i: number) => string;
  httpItems: (body: Doc) => unknown;
  driver: (i: number) => Promise<Doc | Doc[]>;
  driverItems: (result: Doc | Doc[]) => unknown;
}

export interface ScenarioResult {
  name: string;
  what: string;
  http: LoadResult;
  driver: LoadResult;
  sameItems: boolean;
  itemCount: number;
}

async function main() {
  const registry = await startThrowawayRegistry({
    name: 'bench-public',
    env: { LOG_LEVEL: 'silent', RATE_LIMIT_LOGIN: '10000', RATE_LIMIT_REGISTER: '10000', BCRYPT_COST: '12' },
    log,
  });
  const { ctx, url } = registry;
  const started = new Date();

  try {
    // 1. The demo registry through the real API: agencies, programmes and pilots in every state.
    const email = `bench-admin.${randomBytes(3).toString('hex')}@bench.example`;
    await createUser(ctx, { email, password: DEMO_PASSWORD, name: 'Bench administrator', role: 'admin' });
    const api = new RegistryClient(url);
    await seedRegistry(api, await api.login(email, DEMO_PASSWORD), (line) => log(`seed: ${line}`));
    const real = await ctx.models.Pilot.collection.find({ isPublic: true }).toArray();

    // 2. Synthetic public pilots, in batches, in the projector's shape.
    const t0 = performance.now();
    const made = await loadSyntheticPilots(ctx, PILOTS);
    log(`loaded ${PILOTS.toLocaleString('en')} synthetic pilots in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    if (made) {
      const problems = shapeDifferences(real, made);
      if (problems.length) throw new Error(`synthetic pilots differ from the API's:\n  ${problems.join('\n  ')}`);
      log(
        `synthetic pilots have the API's shape (${Object.keys(keyPathsByLevel(made)).length} levels compared with ${real.length} API pilots)`,
      );
    }
    const indexes = (await ctx.models.Pilot.collection.indexes()).map((ix: { key: Record<string, unknown> }) =>
      Object.keys(ix.key).join('+'),
    );

    // 3. The scenarios, each over HTTP and through the driver.
    const scenarios = (await buildScenarios(ctx, url)).filter((s) => SCENARIOS.has(s.key));
    const results: ScenarioResult[] = [];
    for (const s of scenarios) {
      const body = await getJson(`${url}${s.http(0)}`);
      const direct = await s.driver(0);
      const httpItems = JSON.stringify(s.httpItems(body));
      const sameItems = httpItems === JSON.stringify(s.driverItems(direct));
      const itemCount = Array.isArray(s.httpItems(body)) ? (s.httpItems(body) as unknown[]).length : 1;
      log(
        `${s.name}: ${itemCount} item(s); HTTP and driver ${sameItems ? 'agree' : `DIFFER: ${httpItems.slice(0, 200)} vs ${JSON.stringify(s.driverItems(direct)).slice(0, 200)}`}`,
      );
      const http = await runLoad(async (i) => void (await getJson(`${url}${s.http(i)}`)), {
        concurrency: CONCURRENCY,
        seconds: DURATION,
      });
      log(
        `${s.name} HTTP: ${http.perSecond.toFixed(1)}/s p50 ${http.p50.toFixed(1)} ms p99 ${http.p99.toFixed(1)} ms, ${http.errors} errors`,
      );
      const driver = await runLoad(async (i) => void (await s.driver(i)), {
        concurrency: CONCURRENCY,
        seconds: DURATION,
      });
      log(
        `${s.name} driver: ${driver.perSecond.toFixed(1)}/s p50 ${driver.p50.toFixed(1)} ms p99 ${driver.p99.toFixed(1)} ms, ${driver.errors} errors`,
      );
      results.push({ name: s.name, what: s.what, http, driver, sameItems, itemCount });
    }

    const markdown = report(results, { kind: registry.databaseKind, started, indexes, apiPilots: real.length });
    console.log(markdown);
    if (values.json)
      fs.writeFileSync(
        values.json,
        JSON.stringify(
          {
            pilots: PILOTS,
            concurrency: CONCURRENCY,
            duration: DURATION,
            database: registry.databaseKind,
            scenarios: results,
          },
          null,
          2,
        ),
      );
    if (values['write-docs']) {
      writeSection(markdown);
      log(`wrote the results into ${DOCS}`);
    }
  } finally {
    agent.destroy();
    await registry.stop();
  }
}

// node:http rather than fetch: fetch gives up on an answer after 300 s (undici's headers timeout), and one
// full scan of 100,000 pilots on FerretDB/SQLite takes longer than that on our machine. One keep-alive
// socket per worker: `concurrency` connections.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.concurrency) });

function getJson(u: string): Promise<Doc> {
  return new Promise((resolve, reject) => {
    http
      .get(u, { agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${u} answered ${res.statusCode}: ${text.slice(0, 200)}`));
          else resolve(JSON.parse(text) as Doc);
        });
      })
      .on('error', reject);
  });
}

/** Writes `n` synthetic pilots and their reference reservations; returns a sample read back, or null. */
async function loadSyntheticPilots(ctx: Ctx, n: number): Promise<Doc[] | null> {
  if (n === 0) return null;
  const { Agency, Pilot, PilotReference, Programme } = ctx.models;
  const agencies = new Map((await Agency.find({}).lean()).map((a) => [String(a._id), a.code]));
  const programmes: BenchProgramme[] = (await Programme.find({}).lean()).map((p) => ({
    id: String(p._id),
    code: p.code,
    agency: { id: p.agencyId, code: agencies.get(p.agencyId)! },
    legalBasis: p.legalBasis,
    solutionTypes: p.solutionTypes,
    maxDurationMonths: p.maxDurationMonths,
    reportFrequency: p.reportFrequency,
  }));
  const taken = new Map<string, number>();
  for (const r of await PilotReference.find({}).lean()) taken.set(r.series, Math.max(taken.get(r.series) ?? 0, r.n));
  const next = syntheticPilots(programmes, ctx.now(), taken);
  const sampleIds: Types.ObjectId[] = [];
  for (let done = 0; done < n;) {
    const batch = Array.from({ length: Math.min(BATCH, n - done) }, next);
    // Through the model, as the projector's create does (casting included).
    await Pilot.insertMany(
      batch.map((p) => p.doc),
      { ordered: false },
    );
    await PilotReference.collection.insertMany(batch.map((p) => p.reservation) as never[], { ordered: false });
    if (done === 0) sampleIds.push(...batch.slice(0, 200).map((p) => p.doc._id as Types.ObjectId));
    done += batch.length;
    if (done % 10_000 === 0 || done === n) log(`loaded ${done.toLocaleString('en')} pilots`);
  }
  return Pilot.collection.find({ _id: { $in: sampleIds } }).toArray();
}

async function buildScenarios(ctx: Ctx, url: string): Promise<Scenario[]> {
  const Pilot = ctx.models.Pilot.collection;
  const refs = (body: Doc) => (body.items as { reference: string }[]).map((i) => i.reference);
  const docRefs = (limit: number) => (docs: Doc | Doc[]) => (docs as Doc[]).slice(0, limit).map((d) => d.reference);
  // The driver side of a list: the filter, sort, limit (+1, to know if there is a next page) and
  // projection listPublicPilots uses, straight on the native collection.
  const listDirect = (q: PublicPilotQuery) => {
    const order = orderOf(q.sort);
    const filter = filterAfter(publicFilter(q), order, q.after);
    return () => Pilot.find(filter, { projection: LISTED_FIELDS, sort: sortOf(order), limit: q.limit + 1 }).toArray();
  };
  const list = (key: string, name: string, what: string, query: string, q: Partial<PublicPilotQuery>): Scenario => {
    const full: PublicPilotQuery = { sort: 'reference', limit: 20, ...q };
    return {
      key,
      name,
      what,
      http: () => `/api/v1/public/pilots${query}`,
      httpItems: refs,
      driver: listDirect(full),
      driverItems: docRefs(full.limit),
    };
  };

  // A deep page: follow the Link of the first page PAGES times, then read that page again and again.
  let after: string | null = null;
  for (let k = 0; SCENARIOS.has('deep') && k < PAGES; k++) {
    const page: Doc = await getJson(`${url}/api/v1/public/pilots${after ? `?after=${after}` : ''}`);
    if (!page.next) break;
    after = page.next as string;
  }
  const deep = after ? `?after=${after}` : '';

  // Pages by reference: a spread of public pilots, the same ones in the same order on both sides.
  const sample = await Pilot.find({ isPublic: true }, { projection: { reference: 1 } })
    .limit(2000)
    .toArray();
  const pageRefs = sample
    .filter((_, i) => i % Math.max(1, Math.floor(sample.length / 100)) === 0)
    .map((d) => d.reference as string);
  const pageDirect = async (i: number) => {
    const doc = await Pilot.findOne(
      { reference: pageRefs[i % pageRefs.length], isPublic: true },
      { projection: { record: 1, version: 1 } },
    );
    const record = doc!.record as { id: string; programmeId: string };
    const [programme, timeline] = [
      await ctx.models.Programme.collection.findOne({ _id: new Types.ObjectId(record.programmeId) }),
      await ctx.models.LedgerEntry.collection
        .find({ subject: pilotKey(record.id) }, { projection: { seq: 1, canonical: 1 }, sort: { _id: 1 } })
        .toArray(),
    ];
    return { ...doc!, programme, timeline } as Doc;
  };

  const statsDirect = async () => {
    const counts = await Promise.all(
      Object.values(STATS_COUNTS).map((c) => Pilot.aggregate(countPipeline(c)).toArray()),
    );
    return Object.fromEntries(Object.keys(STATS_COUNTS).map((k, i) => [k, counts[i]])) as Doc;
  };
  const sum = (buckets: unknown) => (buckets as { count: number }[]).reduce((n, b) => n + b.count, 0);

  return [
    list('list', 'list', 'first page, default sort (reference)', '', {}),
    list('filter', 'filter', 'status=active, agency=SBV', '?status=active&agency=SBV', {
      status: ['active'],
      agency: ['SBV'],
    }),
    list('search', 'search', 'q=ho chi minh (diacritics folded)', '?q=ho%20chi%20minh', { q: 'ho chi minh' }),
    { ...list('deep', 'deep page', `page ${PAGES + 1} through the next links`, deep, { after: after ?? undefined }) },
    {
      key: 'page',
      name: 'pilot page',
      what: 'GET one pilot by reference (record, programme, timeline)',
      http: (i) => `/api/v1/public/pilots/${pageRefs[i % pageRefs.length]}`,
      httpItems: (body) => [body.reference, (body.timeline as unknown[]).length],
      driver: pageDirect,
      driverItems: (d) => [((d as Doc).record as Doc).reference, ((d as Doc).timeline as unknown[]).length],
    },
    {
      key: 'stats',
      name: 'stats',
      what: 'statistics (7 counts)',
      http: () => '/api/v1/public/stats',
      httpItems: (body) => [(body.applications as Doc).received, (body.pilots as Doc).total],
      driver: statsDirect,
      driverItems: (d) => [sum((d as Doc).receivedByState), sum((d as Doc).publicByState)],
    },
  ];
}

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

function report(results: ScenarioResult[], run: { kind: string; started: Date; indexes: string[]; apiPilots: number }) {
  const cpus = os.cpus();
  const out = [
    `## Public registry (\`npm run bench:public\`, ${run.started.toISOString().slice(0, 10)})`,
    '',
    `Database: ${run.kind}; machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
      `${PILOTS.toLocaleString('en')} synthetic public pilots plus the ${run.apiPilots} public pilots of the demo data set made through the API; ` +
      `${CONCURRENCY} concurrent connections; ${DURATION} s per side of each scenario (calls in flight at the end finish and count).`,
    '',
    '| scenario | HTTP req/s | HTTP p50 ms | HTTP p99 ms | driver req/s | driver p50 ms | driver p99 ms | errors (HTTP/driver) | throughput HTTP/driver | p50 HTTP/driver | same items |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    out.push(
      `| ${r.name}: ${r.what} | ${f(r.http.perSecond)} | ${f(r.http.p50)} | ${f(r.http.p99)} | ${f(r.driver.perSecond)} | ${f(r.driver.p50)} | ${f(r.driver.p99)} | ` +
        `${r.http.errors}/${r.driver.errors} | ${f(r.http.perSecond / r.driver.perSecond, 2)} | ${f(r.http.p50 / r.driver.p50, 2)} | ${r.sameItems ? 'yes' : '**no**'} |`,
    );
  }
  out.push('', `Indexes on \`pilots\`: ${run.indexes.map((i) => `\`${i}\``).join(', ')}.`, '');
  return out.join('\n');
}

const START = '<!-- bench:public:start -->';
const END = '<!-- bench:public:end -->';

/** Replaces the measured section between the markers (or appends it) in docs/BENCHMARKS.md. */
function writeSection(markdown: string) {
  const doc = fs.readFileSync(DOCS, 'utf8');
  const section = `${START}\n${markdown.trim()}\n${END}`;
  const i = doc.indexOf(START);
  const j = doc.indexOf(END);
  fs.writeFileSync(
    DOCS,
    i >= 0 && j > i ? `${doc.slice(0, i)}${section}${doc.slice(j + END.length)}` : `${doc.trimEnd()}\n\n${section}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
