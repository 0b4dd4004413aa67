// npm run bench:ledger [-- --sizes 10000,100000,1000000 --appends 400 --proofs 20 --verify-size 10000]
// Measures the ledger on the database the app would use (MONGODB_URI, else the embedded server), and
// reports every figure beside a baseline taken in the same run on the same database:
//   1. append throughput (and latency) at 1 and 16 concurrent writers, as a ratio to plain insertOne;
//   2. inclusion and consistency proof latency at each log size, the log bulk-loaded through the real
//      batched sequencer (thousands of appends in flight) at the rate it reports;
//   3. verifier speed (the public verifier over HTTP: the tile walk, a full audit, and the default JSON
//      walk with sampled proofs) as a ratio to raw SHA-256 over the same entry bytes.
// Prints a Markdown section for docs/BENCHMARKS.md.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type createApp } from '../server/app.ts';
import { mapLimited } from '../server/ledger/concurrency.ts';
import { bundleEntries, tilePath } from '../server/ledger/tiles.ts';
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
/** Appends in flight while bulk loading: enough to fill the sequencer's batches. */
const IN_FLIGHT = 2048;

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
      '| writers | plain insertOne /s | ledger append /s | ratio | append p50 ms | append p99 ms |',
      '|---|---|---|---|---|---|',
    );
    for (const writers of [1, 16]) {
      const insertRate = await inParallel(writers, APPENDS, (i) => plain.insertOne(doc(i)));
      const latencies: number[] = [];
      const appendRate = await inParallel(writers, APPENDS, async (i) => {
        const t = performance.now();
        await ctx.ledger.append(
          {
            type: 'bench.note',
            subject: `bench:${writers}:${i}`,
            actor: { role: 'system', agency: null },
            data: { i, text: 'x'.repeat(120) },
          },
          { expectedVersion: 0 },
        );
        latencies.push(ms(t));
      });
      out.push(
        `| ${writers} | ${insertRate.toFixed(0)} | ${appendRate.toFixed(0)} | ${(appendRate / insertRate).toFixed(3)} | ${pct(latencies, 50).toFixed(1)} | ${pct(latencies, 99).toFixed(1)} |`,
      );
      log(`append ×${writers}: ${appendRate.toFixed(0)}/s vs insertOne ${insertRate.toFixed(0)}/s`);
    }
    out.push(
      '',
      'Appends wait 3 ms in a pool; each batch is one insertMany, the projections, one tile update and one signed checkpoint.',
      '',
    );

    // 3. Verifier speed, on the log as it stands after the append runs, grown to VERIFY_SIZE.
    const loader = await bulkLoader(ctx);
    const loads: string[] = [];
    const grow = async (target: number) => {
      const r = await loader.growTo(target);
      if (r.entries > 0)
        loads.push(
          `| ${target.toLocaleString('en')} | ${r.entries.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${(r.entries / r.seconds).toFixed(0)} |`,
        );
    };
    await grow(VERIFY_SIZE);
    const bytes = await loader.entryBytes(url);
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
    t0 = performance.now();
    const tiled = await verifyLedger({ baseUrl: url, fetch: (u, init) => fetch(u, init), previous: null, tiles: true });
    const tilesMs = ms(t0);
    const totalBytes = bytes.reduce((n, b) => n + b.length, 0);
    log(`verifier: ${verifyMs.toFixed(0)} ms for ${verified.size} entries; SHA-256 ${shaMs.toFixed(1)} ms`);

    // 2. Proof latency at growing sizes.
    out.push(
      '### Proof latency',
      '',
      '| entries | inclusion p50 ms | inclusion p99 ms | consistency p50 ms | consistency p99 ms | hashes in an inclusion proof |',
      '|---|---|---|---|---|---|',
    );
    for (const size of sizes) {
      await grow(size);
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
        `| ${size.toLocaleString('en')} | ${pct(inc, 50).toFixed(1)} | ${pct(inc, 99).toFixed(1)} | ${pct(con, 50).toFixed(1)} | ${pct(con, 99).toFixed(1)} | ${reads} |`,
      );
      log(`proofs at ${size}: inclusion p50 ${pct(inc, 50).toFixed(1)} ms`);
    }
    out.push('', '### Bulk load (appends through the batched sequencer, 2,048 in flight)', '');
    out.push('| grown to | entries appended | s | appends/s |', '|---|---|---|---|', ...loads, '');
    out.push('### Verifier', '');
    out.push(
      `| entries | bytes | mode | verifier ms | raw SHA-256 of the entries ms | SHA-256 time / verifier time |`,
      '|---|---|---|---|---|---|',
    );
    out.push(
      `| ${tiled.size.toLocaleString('en')} | ${totalBytes.toLocaleString('en')} | --tiles: every bundle and tile (full audit, ${tiled.audit.tiles} requests) | ${tilesMs.toFixed(0)} | ${shaMs.toFixed(1)} | ${(shaMs / tilesMs).toFixed(3)} |`,
      `| ${verified.size.toLocaleString('en')} | ${totalBytes.toLocaleString('en')} | JSON pages, sampled proofs | ${verifyMs.toFixed(0)} | ${shaMs.toFixed(1)} | ${(shaMs / verifyMs).toFixed(3)} |`,
      '',
    );
    console.log(out.join('\n'));
  } finally {
    await registry.stop();
  }
}

/**
 * Grows the log through the real sequencer: many appends in flight, so that the pool sequences them in
 * batches of up to 512 (one insertMany, one tile update, one signed checkpoint each).
 */
async function bulkLoader(ctx: ReturnType<typeof createApp>['ctx']) {
  let size = (await ctx.ledger.entries.head()) + 1;
  await ctx.ledger.syncTree(size);
  return {
    async growTo(target: number) {
      const t0 = performance.now();
      const from = size;
      while (size < target) {
        const n = Math.min(20_000, target - size);
        const base = size;
        await mapLimited(n, IN_FLIGHT, (i) =>
          ctx.ledger.append(
            {
              type: 'bench.bulk',
              subject: `bulk:${base + i}`,
              actor: { role: 'system', agency: null },
              data: { i: base + i, text: 'Thí điểm có kiểm soát' },
            },
            { expectedVersion: 0 },
          ),
        );
        size += n;
        log(`loaded ${size.toLocaleString('en')} entries (${((size - from) / (ms(t0) / 1000)).toFixed(0)}/s)`);
      }
      return { entries: size - from, seconds: ms(t0) / 1000 };
    },
    /** The entries' exact bytes, from the entry bundles (C2SP tlog-tiles). */
    async entryBytes(base: string): Promise<Uint8Array[]> {
      const out: Uint8Array[] = [];
      for (let n = 0; n * 256 < size; n++) {
        const w = Math.min(256, size - n * 256);
        const res = await fetch(`${base}/api/v1/ledger/tile/${tilePath({ level: 'entries', index: n, width: w })}`);
        if (res.status !== 200) throw new Error(`bundle ${n} answered ${res.status}`);
        out.push(...bundleEntries(new Uint8Array(await res.arrayBuffer()))!);
      }
      return out;
    },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
