// Runs the registry's own entry points as child processes, the way an operator does.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The environment of the test run, minus anything that would point the child at another database. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const k of ['TEST_DB_SERVER_URI', 'TEST_DB_KIND', 'TEST_DATA_DIR']) delete env[k];
  return env;
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

let bundled = false;

/**
 * Builds what `npm start` runs (scripts/prestart.mjs: dist/server.mjs from the sources under test), once
 * per test run; the prestart rebuilds it only when a source changed.
 */
export function buildServerBundle(): void {
  if (bundled) return;
  const r = spawnSync(process.execPath, ['scripts/prestart.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/prestart.mjs failed:\n${r.stdout}${r.stderr}`);
  bundled = true;
}

/** Starts the server as `npm start` does after its prestart: `node dist/server.mjs`. */
export async function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<RunningServer> {
  buildServerBundle();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.mjs'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Sandbox Registry is listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`server exited during start-up:\n${out}`));
    });
  });
  return { child, url, output: () => out, exited };
}

/** The embedded database processes (FerretDB or mongod) started by `pid`; other helpers it spawns do not count. */
export function childrenOf(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && /ferretdb|mongod/i.test(m[2]))
    .map((m) => Number(m[1]));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, seconds = 15): Promise<boolean> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
