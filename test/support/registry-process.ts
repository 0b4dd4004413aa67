// The registry as an operator runs it — `node --import tsx server/index.ts`, a child process that the test
// may kill or signal — on a database the test chooses. Beside it, an in-process app on the same database
// (never listened to by the load) lets the test make the first admin and read what is stored: ledger
// entries, projections, a replay. Stories drive the child through `app`, a TestApp whose HTTP goes to it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { databaseUri } from '../../server/db/connection.ts';
import { startApp, type TestApp } from './app.ts';
import { childEnv, repoRoot } from './process.ts';

export interface RegistryProcess {
  child: ChildProcess;
  url: string;
  /** The stories' handle: HTTP to this process, storage through the control app. */
  app: TestApp;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the process has logged a line with this `msg`. */
  logged(msg: string): Promise<void>;
  /** Whether it has logged a line with this `msg` so far. */
  hasLogged(msg: string): boolean;
  /** The last lines it printed (for failure messages). */
  tail(): string;
}

export interface Deployment {
  /** In-process app on the same database: the admin factory and the test's window on what is stored. */
  control: TestApp;
  start(env?: Record<string, string>): Promise<RegistryProcess>;
  /**
   * Starts test/support/frozen-append.ts instead: the same app, which freezes in the middle of its first
   * append of an `entryType` entry (stored, not yet projected) and logs `frozen after the entry`.
   */
  startFrozen(entryType: string): Promise<RegistryProcess>;
  /** What each process it started printed last, and how it ended: for the message of a failed test. */
  report(): string;
  /** Kills every process it started that still runs, closes the control app, removes its files. */
  close(): Promise<void>;
}

/** Test-friendly settings the child shares with the control app (same secrets through the same DATA_DIR). */
const CHILD_DEFAULTS = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  RATE_LIMIT_LOGIN: '10000',
  RATE_LIMIT_REGISTER: '10000',
  DB_SERVER_SELECTION_TIMEOUT_MS: '2000',
  DB_SOCKET_TIMEOUT_MS: '3000',
  // The periodic jobs run often, so a test sees them resume after an outage within seconds.
  LEDGER_RECONCILE_SECONDS: '2',
  DUE_WORK_SECONDS: '2',
};

export async function deploy(serverUri: string): Promise<Deployment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-deployment-'));
  const control = await startApp({ serverUri, env: { DATA_DIR: dataDir } });
  const mongoUri = databaseUri(serverUri, control.dbName, true);
  const children: ChildProcess[] = [];
  const started: RegistryProcess[] = [];

  return {
    control,
    async start(env = {}) {
      const running = await spawnRegistry(
        'server/index.ts',
        childEnv({ ...CHILD_DEFAULTS, MONGODB_URI: mongoUri, DATA_DIR: dataDir, ...env }),
        control,
      );
      children.push(running.child);
      started.push(running);
      return running;
    },
    async startFrozen(entryType) {
      const env = childEnv({
        FROZEN_SERVER_URI: serverUri,
        FROZEN_DB_NAME: control.dbName,
        FROZEN_DATA_DIR: dataDir,
        FREEZE_AFTER: entryType,
      });
      const running = await spawnRegistry('test/support/frozen-append.ts', env, control);
      children.push(running.child);
      started.push(running);
      return running;
    },
    report() {
      return started
        .map(
          (p, i) =>
            `--- process ${i + 1} (pid ${p.child.pid}, exit code ${p.child.exitCode}, signal ${p.child.signalCode}):\n${p.tail()}`,
        )
        .join('\n');
    },
    async close() {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) {
          const gone = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGKILL');
          await gone;
        }
      }
      await control.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function spawnRegistry(script: string, env: NodeJS.ProcessEnv, control: TestApp): Promise<RegistryProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // Pino writes one JSON object a line; keep a short tail and every message seen (not the whole output,
  // which a load test makes large).
  const lines: string[] = [];
  const seen = new Set<string>();
  const waiters: { msg: string; resolve: () => void }[] = [];
  let partial = '';
  let url: string | undefined;
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 60) lines.shift();
    let parsed: { msg?: unknown; url?: unknown };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      return;
    }
    if (typeof parsed.msg !== 'string') return;
    seen.add(parsed.msg);
    if (parsed.msg === 'Sandbox Registry is listening' && typeof parsed.url === 'string') url = parsed.url;
    for (const w of waiters.filter((w) => w.msg === parsed.msg)) w.resolve();
  };
  const onData = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop()!;
    parts.forEach(onLine);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const tail = () => [...lines, partial].join('\n');
  const logged = (msg: string) =>
    seen.has(msg) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ msg, resolve }));

  const started = await Promise.race([
    logged('Sandbox Registry is listening').then(() => true),
    exited.then(() => false),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 60_000).unref()),
  ]);
  if (!started || !url) {
    child.kill('SIGKILL');
    throw new Error(`the registry did not start:\n${tail()}`);
  }
  const app: TestApp = { ...control, url, http: supertest(url), close: async () => {} };
  return { child, url, app, exited, logged, hasLogged: (msg) => seen.has(msg), tail };
}
