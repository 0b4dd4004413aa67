// npm run bench:ledger [-- --sizes 10000,100000,1000000 --appends 400 --proofs 20]
// Measures the ledger on the database the app would use (MONGODB_URI, else the embedded server), and
// reports every figure beside a baseline taken in the same run on the same database:
//   1. append throughput at 1 and 16 concurrent writers, as a ratio to plain insertOne throughput;
//   2. inclusion and consistency proof latency at each log size (the log is bulk-loaded: entries and
//      subtree hashes written exactly as appends write them, without paying for a million appends);
//   3. verifier speed (the public verifier over HTTP, full audit) as a ratio to raw SHA-256 over the
//      same entry bytes.
// Prints a Markdown section for docs/BENCHMARKS.md.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type createApp } from '../server/app.ts';
import { encodeEntry, type Entry } from '../server/ledger/entry.ts';
import { mapLimited } from '../server/ledger/concurrency.ts';
import { entryId, raiseCounter } from '../server/ledger/entry-store.ts';
import { verifyLedger } from '../server/ledger/verifier.ts';
import { startThrowawayRegistry } from './lib/throwaway-registry.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    appends: { type: 'string', default: '400' },
    proofs: { type: 'string', default: '20' },
    'verify-size': { type: 'string', default: '10000' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const APPENDS = Number(values.appends);
const PROOFS = Number(values.proofs);
const VERIFY_SIZE = Number(values['verify-size']);

const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const log = (s: string) => console.error(`[bench] ${s}`);

/** Calls per second of `fn` over 0 … count-1 with `writers` calls in flight. */
async function inParallel(writers: number, count: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await mapLimited(count, writers, fn);
  return count / (ms(t0) / 1000); // per second
}

async function main() {
  const registry = await startThrowawayRegistry({ name: 'bench', log });
  const { ctx, conn, url } = registry;
  const out: string[] = [];
  out.push(`## Ledger (\`npm run bench:ledger\`, ${new Date().toISOString().slice(0, 10)})`, '');
  out.push(
    `Database: ${registry.databaseKind}; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`,
    '',
  );

  try {
    // 1. Appends vs plain inserts, on the same database.
    const plain = conn.db!.collection('bench_plain');
    const doc = (i: number) => ({ _id: `${i}-${randomBytes(4).toString('hex')}` as never, payload: 'x'.repeat(200) });
    out.push(
      '### Append throughput',
      '',
      '| writers | plain insertOne /s | ledger append /s | ratio |',
      '|---|---|---|---|',
    );
    for (const writers of [1, 16]) {
      const insertRate = await inParallel(writers, APPENDS, (i) => plain.insertOne(doc(i)));
      const appendRate = await inParallel(writers, APPENDS, (i) =>
        ctx.ledger.append(
          {
            type: 'bench.note',
            subject: `bench:${writers}:${i}`,
            actor: { role: 'system', agency: null },
            data: { i, text: 'x'.repeat(120) },
          },
          { expectedVersion: 0 },
        ),
      );
      out.push(
        `| ${writers} | ${insertRate.toFixed(0)} | ${appendRate.toFixed(0)} | ${(appendRate / insertRate).toFixed(3)} |`,
      );
      log(`append ×${writers}: ${appendRate.toFixed(0)}/s vs insertOne ${insertRate.toFixed(0)}/s`);
    }
    out.push(
      '',
      'An append is one entry insert, its projection, the subtree hashes it completes and a signed checkpoint; concurrent appends share tree passes.',
      '',
    );

    // 3. Verifier speed, on the log as it stands after the append runs, grown to VERIFY_SIZE.
    const loader = await bulkLoader(ctx);
    await loader.growTo(VERIFY_SIZE);
    const bytes = await loader.entryBytes();
    let t0 = performance.now();
    for (const b of bytes) createHash('sha256').update(b).digest();
    const shaMs = ms(t0);
    t0 = performance.now();
    const verified = await verifyLedger({
      baseUrl: url,
      fetch: (u, init) => fetch(u, init),
      previous: null,
      sample: true,
    });
    const verifyMs = ms(t0);
    const totalBytes = bytes.reduce((n, b) => n + b.length, 0);
    log(`verifier: ${verifyMs.toFixed(0)} ms for ${verified.size} entries; SHA-256 ${shaMs.toFixed(1)} ms`);

    // 2. Proof latency at growing sizes.
    out.push(
      '### Proof latency',
      '',
      '| entries | inclusion p50 ms | inclusion p99 ms | consistency p50 ms | hashes in an inclusion proof |',
      '|---|---|---|---|---|',
    );
    for (const size of sizes) {
      await loader.growTo(size);
      const inc: number[] = [];
      const con: number[] = [];
      let reads = 0;
      for (let k = 0; k < PROOFS; k++) {
        const index = Math.floor(Math.random() * size);
        let t = performance.now();
        const res = await fetch(`${url}/api/v1/ledger/proof/inclusion?index=${index}&size=${size}`);
        if (res.status !== 200) throw new Error(`inclusion proof answered ${res.status}`);
        reads = Math.max(reads, ((await res.json()) as { proof: string[] }).proof.length);
        inc.push(ms(t));
        t = performance.now();
        const c = await fetch(
          `${url}/api/v1/ledger/proof/consistency?first=${1 + Math.floor(Math.random() * (size - 1))}&second=${size}`,
        );
        if (c.status !== 200) throw new Error(`consistency proof answered ${c.status}`);
        await c.arrayBuffer();
        con.push(ms(t));
      }
      out.push(
        `| ${size.toLocaleString('en')} | ${pct(inc, 50).toFixed(1)} | ${pct(inc, 99).toFixed(1)} | ${pct(con, 50).toFixed(1)} | ${reads} |`,
      );
      log(`proofs at ${size}: inclusion p50 ${pct(inc, 50).toFixed(1)} ms`);
    }
    out.push('', '### Verifier', '');
    out.push(
      `| entries | bytes | verifier (HTTP: every entry, sampled proofs) ms | raw SHA-256 of the entries ms | ratio |`,
      '|---|---|---|---|---|',
    );
    out.push(
      `| ${verified.size.toLocaleString('en')} | ${totalBytes.toLocaleString('en')} | ${verifyMs.toFixed(0)} | ${shaMs.toFixed(1)} | ${(verifyMs / shaMs).toFixed(0)}× |`,
      '',
    );
    console.log(out.join('\n'));
  } finally {
    await registry.stop();
  }
}

/** Writes entries straight into storage in big batches and grows the tree's tiles from them, as appends do. */
async function bulkLoader(ctx: ReturnType<typeof createApp>['ctx']) {
  const { LedgerEntry } = ctx.models;
  let size = (await ctx.ledger.entries.head()) + 1;
  await ctx.ledger.syncTree(size);
  return {
    async growTo(target: number) {
      while (size < target) {
        const n = Math.min(5000, target - size);
        const entries = [];
        for (let i = 0; i < n; i++) {
          const seq = size + i;
          const entry: Entry = {
            v: 1,
            seq,
            at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
            type: 'bench.bulk',
            subject: `bulk:${seq}`,
            actor: { role: 'system', agency: null },
            data: { seq, text: 'Thí điểm có kiểm soát' },
            commitment: null,
          };
          const e = encodeEntry(entry);
          entries.push({
            _id: entryId(seq),
            seq,
            canonical: e.canonical,
            leafHash: e.leafHash,
            type: entry.type,
            subject: entry.subject,
            subjectVersion: 1,
            at: new Date(entry.at),
            projected: true,
          });
        }
        await LedgerEntry.collection.insertMany(entries as never[], { ordered: false });
        await ctx.ledger.tree.advance(size + n, entries);
        size += n;
        if (size % 50_000 === 0) log(`loaded ${size.toLocaleString('en')} entries`);
      }
      await raiseCounter(ctx.models, 'head', size);
      await ctx.ledger.checkpoints.signCurrent(size);
    },
    async entryBytes(): Promise<Buffer[]> {
      const out: Buffer[] = [];
      for (let start = 0; start < size; start += 1000) {
        for (const d of await ctx.ledger.entries.range(start, Math.min(size, start + 1000)))
          out.push(Buffer.from(d.canonical, 'utf8'));
      }
      return out;
    },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
