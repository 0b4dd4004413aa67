// npm run bench:public [-- --pilots 10000 --concurrency 50 --duration 10 --pages 5 --scenarios list,search
//                          --write-docs --json FILE]
// Measures the public registry's reads on the database the app would use (MONGODB_URI, else the embedded
// server). Each scenario is loaded warm at `concurrency` keep-alive connections, in the same run and through
// the same load loop (scripts/bench/load.ts, in a worker thread of its own), against three servers in the
// main thread: the app, a minimal Express 5 app and a bare node:http server, the last two answering every
// URL with the bytes the app answered it with, from memory (scripts/bench/peers.ts). Then: the first read
// after a decision (a real one, through the API), the first read of a cold instance, and the server's RSS.
// The registry is the demo data set driven through the HTTP API (scripts/seed) plus `pilots` synthetic
// public pilots written straight into the collections in the projector's own shape, slim listing included
// (scripts/bench/synthetic-pilots.ts), checked key by key against the pilots the API made. At up to
// 1,000 pilots the lists are also checked against the database's own query of the pilot documents.
// Prints a Markdown section (--write-docs puts it into docs/BENCHMARKS.md) and, with --json, the figures.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { Types } from 'mongoose';
import { createUser } from '../server/accounts/admin.ts';
import { createApp } from '../server/app.ts';
import { createLogger } from '../server/logger.ts';
import { publicListingRow } from '../server/pilots/public-listing.ts';
import { LISTED_FIELDS } from '../server/public/pilots.ts';
import { filterAfter, sortOf } from '../server/paging.ts';
import { orderOf, publicFilter, type PublicPilotQuery } from '../server/public/query.ts';
import { publicIndex } from '../server/public/registry-index.ts';
import type { LoadJob } from './bench/load-worker.ts';
import type { LoadResult } from './bench/load.ts';
import { barePeer, expressPeer, type Recorded } from './bench/peers.ts';
import { startThrowawayRegistry } from './lib/throwaway-registry.ts';
import { keyPathsByLevel, shapeDifferences } from './bench/shape.ts';
import { syntheticPilots, type BenchProgramme } from './bench/synthetic-pilots.ts';
import { RegistryClient } from './seed/client.ts';
import { DEMO_PASSWORD } from './seed/data.ts';
import { seedRegistry } from './seed/story.ts';

const { values } = parseArgs({
  options: {
    pilots: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
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

/** One read of the public registry: the URLs it asks in turn, and what to compare of the first answer. */
interface Scenario {
  /** As --scenarios names it. */
  key: string;
  name: string;
  what: string;
  urls: string[];
  items: (body: Doc) => unknown;
  /** The same items straight from the pilot documents (the database's query), for small runs. */
  direct?: () => Promise<unknown>;
}

export interface ScenarioResult {
  name: string;
  what: string;
  app: LoadResult;
  express: LoadResult;
  bare: LoadResult;
  /** The index's answer against the database's query of the pilots; null where not checked. */
  sameItems: boolean | null;
  itemCount: number;
  bytes: number;
}

interface Extra {
  /** A decision through the API, then the first read that shows it. */
  afterDecision: { ackMs: number; firstReadMs: number; visible: boolean }[];
  /** A new instance on the same database: its first list read (the slim collection read whole). */
  coldFirstReadMs: number;
  /** The process's RSS (app, peers and the load thread) at its highest during the app's list load. */
  rssDuringListMb: number;
  rssAfterLoadMb: number;
}

/** Runs one load in a worker thread (scripts/bench/load-worker.ts). */
function loadIn(urls: string[]): Promise<LoadResult> {
  const job: LoadJob = { urls, concurrency: CONCURRENCY, seconds: DURATION };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bench/load-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', (r: LoadResult) => resolve(r));
    worker.once('error', reject);
  });
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function main() {
  const registry = await startThrowawayRegistry({
    name: 'bench-public',
    env: {
      LOG_LEVEL: 'silent',
      RATE_LIMIT_LOGIN: '10000',
      RATE_LIMIT_REGISTER: '10000',
      // One address (the load thread) makes every request: the per-address limit is not what is measured.
      RATE_LIMIT_PUBLIC: '100000000',
      // A signed-in list still reads whole pilot documents (tens of seconds at 10,000 on FerretDB).
      DB_SOCKET_TIMEOUT_MS: '600000',
      BCRYPT_COST: '12',
    },
    log,
  });
  const { ctx, url } = registry;
  const started = new Date();

  try {
    // 1. The demo registry through the real API: agencies, programmes and pilots in every state.
    const email = `bench-admin.${randomBytes(3).toString('hex')}@bench.example`;
    await createUser(ctx, { email, password: DEMO_PASSWORD, name: 'Bench administrator', role: 'admin' });
    const api = new RegistryClient(url);
    const seeded = await seedRegistry(api, await api.login(email, DEMO_PASSWORD), (line) => log(`seed: ${line}`));
    const real = await ctx.models.Pilot.collection.find({ isPublic: true }).toArray();
    await getJson(`${url}/api/v1/public/stats`); // the index's first load (and its one backfill check)

    // 2. Synthetic public pilots, in batches, in the projector's shape (slim listing included).
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
    // They were written around the ledger, whose tree size the index is keyed by: have it read them.
    publicIndex(ctx).forget();
    const tCold = performance.now();
    await getJson(`${url}/api/v1/public/pilots`);
    log(`first read after the bulk load (slim collection read whole): ${(performance.now() - tCold).toFixed(0)} ms`);

    // 3. The scenarios: the app's answers recorded, then each server loaded in turn.
    const scenarios = (await buildScenarios(ctx, url)).filter((s) => SCENARIOS.has(s.key));
    const results: ScenarioResult[] = [];
    let rssDuringList = 0;
    for (const s of scenarios) {
      const answers = new Map<string, Recorded>();
      for (const u of new Set(s.urls)) answers.set(u, await record(`${url}${u}`));
      const first = JSON.parse(answers.get(s.urls[0])!.body.toString('utf8')) as Doc;
      const items = s.items(first);
      const itemCount = Array.isArray(items) ? items.length : 1;
      let sameItems: boolean | null = null;
      if (s.direct && PILOTS <= 1000) {
        const direct = await s.direct();
        sameItems = JSON.stringify(items) === JSON.stringify(direct);
        log(
          `${s.name}: the index and the database ${sameItems ? 'agree' : `DIFFER: ${JSON.stringify(items).slice(0, 200)} vs ${JSON.stringify(direct).slice(0, 200)}`}`,
        );
      }
      const [expressSide, bareSide] = await Promise.all([expressPeer(answers), barePeer(answers)]);
      const sample =
        s.key === 'list'
          ? setInterval(() => (rssDuringList = Math.max(rssDuringList, process.memoryUsage().rss)), 100)
          : undefined;
      const app = await loadIn(s.urls.map((u) => `${url}${u}`));
      clearInterval(sample);
      const express = await loadIn(s.urls.map((u) => `${expressSide.url}${u}`));
      const bare = await loadIn(s.urls.map((u) => `${bareSide.url}${u}`));
      await Promise.all([expressSide.close(), bareSide.close()]);
      const bytes = [...answers.values()].reduce((n, a) => n + a.body.length, 0) / answers.size;
      for (const [side, r] of Object.entries({ app, express, bare }))
        log(
          `${s.name} ${side}: ${r.perSecond.toFixed(0)}/s p50 ${r.p50.toFixed(2)} ms p99 ${r.p99.toFixed(2)} ms, ${r.errors} errors`,
        );
      results.push({ name: s.name, what: s.what, app, express, bare, sameItems, itemCount, bytes });
    }

    // 4. The first read after a decision: a regulator suspends an active pilot and reinstates it.
    const extra: Extra = {
      afterDecision: await decisions(ctx, url, seeded.accounts).catch((err: unknown) => {
        log(`the decisions failed: ${String(err)}`);
        return [];
      }),
      coldFirstReadMs: await coldFirstRead(registry),
      rssDuringListMb: mb(rssDuringList),
      rssAfterLoadMb: mb(process.memoryUsage().rss),
    };
    log(
      `after a decision: ${JSON.stringify(extra.afterDecision)}; cold instance's first read ${extra.coldFirstReadMs.toFixed(0)} ms; RSS ${extra.rssDuringListMb} MB`,
    );

    const markdown = report(results, extra, { kind: registry.databaseKind, started, apiPilots: real.length });
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
            extra,
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

/** One answer of the app, as the peers will send it. */
function record(u: string): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    http
      .get(u, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          if (res.statusCode !== 200)
            reject(new Error(`GET ${u} answered ${res.statusCode}: ${body.toString().slice(0, 200)}`));
          else resolve({ contentType: String(res.headers['content-type']), body });
        });
      })
      .on('error', reject);
  });
}

/**
 * Suspends an active demo pilot (one the API made: its row has seqs) and reinstates it, each time timing
 * the first public read after the acknowledgement.
 */
async function decisions(ctx: Ctx, url: string, accounts: { role: string; email: string; of: string }[]) {
  const api = new RegistryClient(url);
  const out: Extra['afterDecision'] = [];
  const rows = (await publicIndex(ctx).current()).publicRows;
  const pilot = rows.find((r) => r.state === 'active' && Object.keys(r.seqs).length > 0);
  const regulator = accounts.find((a) => a.role === 'regulator' && a.of === pilot?.agencyCode);
  if (!pilot || !regulator) return out;
  const token = await api.login(regulator.email, DEMO_PASSWORD);
  const at = new Date().toISOString();
  const decision = (reason: string) => ({
    reference: `${randomBytes(2).toString('hex')}/QĐ-BENCH`,
    signerTitle: 'Deputy Governor',
    signedAt: at,
    effectiveAt: at,
    legalBasis: 'Decree 94/2025/ND-CP, Art. 12',
    reason,
  });
  for (const [action, state] of [
    ['suspend', 'suspended'],
    ['reinstate', 'active'],
  ] as const) {
    const t = performance.now();
    await api.call('POST', `/api/v1/pilots/${pilot._id}/actions/${action}`, {
      token,
      body: { decision: decision(`Bench: ${action}.`) },
    });
    const ack = performance.now();
    const page = await getJson(`${url}/api/v1/public/pilots/${pilot.reference}`);
    const read = performance.now();
    out.push({ ackMs: ack - t, firstReadMs: read - ack, visible: page.status === state });
  }
  return out;
}

/** A second instance of the app on the same database: the time of its first list read. */
async function coldFirstRead(registry: Awaited<ReturnType<typeof startThrowawayRegistry>>): Promise<number> {
  const { app } = createApp({
    config: registry.ctx.config,
    conn: registry.conn,
    logger: createLogger(registry.ctx.config),
  });
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const t = performance.now();
  await getJson(`http://127.0.0.1:${port}/api/v1/public/pilots?q=ho%20chi%20minh`);
  const ms = performance.now() - t;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return ms;
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
  const { Agency, Pilot, PilotReference, Programme, PublicListing } = ctx.models;
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
    // Their slim listings, as the projection writes them (publicListingRow). They have no entries in the
    // ledger (so no seqs): their pages read the timeline from the log, as pilots made before it do.
    await PublicListing.insertMany(
      batch.map((p) => ({
        _id: String(p.doc._id),
        ...publicListingRow(p.doc.record, p.doc.version as number),
        seqs: {},
      })),
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
  // The database's side of a list: the filter, sort, limit and projection the registry used before its
  // index, straight on the native collection of pilot documents.
  const listDirect = (q: PublicPilotQuery) => async () => {
    const order = orderOf(q.sort);
    const filter = filterAfter(publicFilter(q), order, q.after);
    const docs = await Pilot.find(filter, { projection: LISTED_FIELDS, sort: sortOf(order), limit: q.limit }).toArray();
    return docs.map((d) => d.reference as unknown);
  };
  const list = (key: string, name: string, what: string, query: string, q: Partial<PublicPilotQuery>): Scenario => ({
    key,
    name,
    what,
    urls: [`/api/v1/public/pilots${query}`],
    items: refs,
    direct: listDirect({ sort: 'reference', limit: 20, ...q }),
  });

  // A deep page: follow the Link of the first page PAGES times, then read that page again and again.
  let after: string | null = null;
  for (let k = 0; SCENARIOS.has('deep') && k < PAGES; k++) {
    const page: Doc = await getJson(`${url}/api/v1/public/pilots${after ? `?after=${after}` : ''}`);
    if (!page.next) break;
    after = page.next as string;
  }
  const deep = after ? `?after=${after}` : '';

  // Pages by reference: a spread of 100 public pilots, from the index's own list.
  const all = (await getJson(`${url}/api/v1/public/pilots.json`)).items as { reference: string }[];
  const step = Math.max(1, Math.floor(all.length / 100));
  const pageRefs = all
    .filter((_, i) => i % step === 0)
    .slice(0, 100)
    .map((p) => p.reference);

  return [
    list('list', 'list', 'first page, default sort (reference)', '', {}),
    list('filter', 'filter', 'status=active, agency=SBV', '?status=active&agency=SBV', {
      status: ['active'],
      agency: ['SBV'],
    }),
    list('search', 'search', 'q=ho chi minh (diacritics folded)', '?q=ho%20chi%20minh', { q: 'ho chi minh' }),
    list('deep', 'deep page', `page ${PAGES + 1} through the next links`, deep, { after: after ?? undefined }),
    {
      key: 'page',
      name: 'pilot page',
      what: 'GET one pilot by reference (record, programme, timeline), 100 references in turn',
      urls: pageRefs.map((r) => `/api/v1/public/pilots/${r}`),
      items: (body) => [body.reference],
    },
    {
      key: 'stats',
      name: 'stats',
      what: 'statistics',
      urls: ['/api/v1/public/stats'],
      items: (body) => [(body.applications as Doc).received, (body.pilots as Doc).total],
    },
  ];
}

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

function report(results: ScenarioResult[], extra: Extra, run: { kind: string; started: Date; apiPilots: number }) {
  const cpus = os.cpus();
  const out = [
    `### Results (\`npx tsx scripts/bench-public.ts --pilots ${PILOTS} --concurrency ${CONCURRENCY} --duration ${DURATION} --pages ${PAGES}\`, ${run.started.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `Database: ${run.kind}; machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
      `${PILOTS.toLocaleString('en')} synthetic public pilots plus the ${run.apiPilots} public pilots of the demo data set made through the API; ` +
      `${CONCURRENCY} keep-alive connections from a load thread of their own; ${DURATION} s per server per scenario, warm.`,
    '',
    '| scenario | bytes | app req/s | app p50 ms | app p99 ms | Express req/s | Express p99 ms | node:http req/s | node:http p99 ms | app / Express | app / node:http | Express / node:http | errors | index = database |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    out.push(
      `| ${r.name}: ${r.what} | ${Math.round(r.bytes).toLocaleString('en')} | ${f(r.app.perSecond, 0)} | ${f(r.app.p50, 2)} | ${f(r.app.p99, 2)} | ${f(r.express.perSecond, 0)} | ${f(r.express.p99, 2)} | ${f(r.bare.perSecond, 0)} | ${f(r.bare.p99, 2)} | ` +
        `${f(r.app.perSecond / r.express.perSecond, 2)} | ${f(r.app.perSecond / r.bare.perSecond, 2)} | ${f(r.express.perSecond / r.bare.perSecond, 2)} | ${r.app.errors}/${r.express.errors}/${r.bare.errors} | ${r.sameItems === null ? 'not checked' : r.sameItems ? 'yes' : '**no**'} |`,
    );
  }
  out.push(
    '',
    `First read after a decision (a regulator suspends, then reinstates, an active pilot through the API; the pilot's public page read right after the acknowledgement): ` +
      extra.afterDecision
        .map(
          (d) =>
            `${f(d.firstReadMs, 1)} ms (${d.visible ? 'the decision visible' : '**not yet visible**'}; the action itself ${f(d.ackMs, 0)} ms)`,
        )
        .join(', ') +
      '.',
    '',
    `First read of a new instance on the same database (the slim collection read whole, then a search): ${f(extra.coldFirstReadMs, 0)} ms. ` +
      `Process RSS (app, peers, load thread) at most ${extra.rssDuringListMb} MB during the app's list load, ${extra.rssAfterLoadMb} MB at the end.`,
    '',
  );
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
