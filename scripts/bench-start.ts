// npm run bench:start [-- --runs 7 --seed --json FILE]
// Measures the time from spawning `npm start` to the first 200 from /readyz, as an operator sees it, on
// the embedded database with its binary already built (MONGODB_URI is ignored). Each run starts a fresh
// process on the same throw-away data directory, waits for /readyz, stops it with SIGTERM and waits until
// it is gone; the first run (which creates the database files) is reported apart. In the same run, as
// peers: `node dist/server.mjs` (the bundle without npm and the prestart check) and
// `node --import tsx server/index.ts` (what `npm start` ran before the bundle). With --seed the data
// directory first gets the demo data set (`npm run seed`), so start-up reads a registry with pilots.
// Beside the wall time, the CPU time the started processes used until /readyz was green: on a machine
// shared with other work, the wall time follows the load, the CPU time much less.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../server/db/child-server.ts';
import { ensureFerretdbBinary, repoRoot } from '../server/db/ferretdb-build.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    seed: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

interface Variant {
  name: string;
  command: string[];
}
const VARIANTS: Variant[] = [
  { name: 'npm start', command: ['npm', 'start', '--silent'] },
  { name: 'node dist/server.mjs', command: [process.execPath, '--enable-source-maps', 'dist/server.mjs'] },
  { name: 'node --import tsx server/index.ts', command: [process.execPath, '--import', 'tsx', 'server/index.ts'] },
];

const TICKS_PER_SECOND = 100; // Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times

/**
 * CPU seconds used so far by the live processes of process group `pgid` and the children they reaped
 * (npm's prestart, the shell): a figure that the machine's other load barely moves, unlike wall time.
 * Null where there is no /proc.
 */
function groupCpuSeconds(pgid: number): number | null {
  let ticks = 0;
  try {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      // Fields after the command (which may hold spaces): state ppid pgrp … utime(14) stime cutime cstime.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      ticks += fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
    }
  } catch {
    return null;
  }
  return ticks / TICKS_PER_SECOND;
}

interface StartTime {
  /** Seconds from spawning to the first 200 from /readyz. */
  wall: number;
  /** CPU seconds the started processes used until then (null without /proc). */
  cpu: number | null;
}

/** How long `command` takes to answer 200 on /readyz; the process is stopped afterwards. */
async function timeStart(command: string[], dataDir: string): Promise<StartTime> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', MONGODB_URI: '' };
  const started = performance.now();
  // Its own process group, so that npm, its shell and the server are all signalled together.
  const child = spawn(command[0], command.slice(1), { cwd: repoRoot, env, stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`${command.join(' ')} exited before /readyz answered 200`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { wall: (performance.now() - started) / 1000, cpu: groupCpuSeconds(child.pid!) };
      if (performance.now() - started > 120_000) throw new Error(`${command.join(' ')}: no 200 within 120 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    if (!gone) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

ensureFerretdbBinary((m) => console.log(m));
// The bundle is built now, so that the first `npm start` measured is not also its first build.
const prestart = spawnSync(process.execPath, ['scripts/prestart.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (prestart.status !== 0) process.exit(1);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-bench-start-'));
try {
  if (values.seed) {
    console.log('Seeding the demo data set …');
    const seed = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    if (seed.status !== 0) throw new Error('npm run seed failed');
  }
  const first = await timeStart(VARIANTS[0].command, dataDir);
  const times = new Map<string, StartTime[]>(VARIANTS.map((v) => [v.name, []]));
  // Interleaved, so that a change in the machine's load touches every variant alike.
  for (let i = 0; i < runs; i++) {
    for (const v of VARIANTS) times.get(v.name)!.push(await timeStart(v.command, dataDir));
  }
  const [load1] = os.loadavg();
  console.log(
    `\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${load1.toFixed(1)}; ${runs} runs each${values.seed ? ', demo data seeded' : ''}`,
  );
  console.log(`first npm start (new database files): ${first.wall.toFixed(2)} s`);
  console.log('| command | median | min | max | CPU s to ready, median |\n|---|---|---|---|---|');
  const f = (x: number) => `${x.toFixed(2)} s`;
  for (const [name, xs] of times) {
    const wall = xs.map((x) => x.wall);
    const cpu = xs.map((x) => x.cpu).filter((x) => x !== null);
    const cpuCell = cpu.length ? f(median(cpu)) : 'n/a';
    console.log(
      `| \`${name}\` | ${f(median(wall))} | ${f(Math.min(...wall))} | ${f(Math.max(...wall))} | ${cpuCell} |`,
    );
  }
  if (values.json) {
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      load1,
      seeded: values.seed,
      firstStart: first,
      runs: Object.fromEntries(
        [...times].map(([name, xs]) => [name, { median: median(xs.map((x) => x.wall)), all: xs }]),
      ),
    };
    fs.writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
