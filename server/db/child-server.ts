// Runs a database server as a child process that cannot outlive us: it gets a pipe as standard input and
// exits when that pipe closes, which the kernel does even when we die by SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  pid: number;
  stop(): Promise<void>;
  readonly exited: boolean;
}

/** Starts `binary args` and resolves once it prints `readyLine` on stdout. */
export async function startChildServer(
  binary: string,
  args: string[],
  readyLine: string,
  timeoutMs = 60_000,
): Promise<ChildServer> {
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stderr.on('data', keep);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`${binary} was not ready within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${tail.join('\n')}`));
    };
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`${binary} exited early (code ${code}, signal ${signal})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.split('\n').includes(readyLine)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.on('exit', () => {
          exited = true;
        });
        resolve();
      }
    });
  });
  child.stdout.resume();

  return {
    pid: child.pid!,
    get exited() {
      return exited;
    },
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(timer);
}
