// A database server of the test's own: an embedded FerretDB on its own directory and port, which the test
// may kill (SIGKILL, as a crash or a lost machine would) and start again on the same files and address,
// without disturbing the server every other suite shares.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startChildServer, type ChildServer } from '../../server/db/child-server.ts';
import { ensureFerretdbBinary } from '../../server/db/ferretdb-build.ts';
import { isAlive, waitUntil } from './process.ts';

export interface OwnDatabase {
  /** Server URI without a database name. */
  uri: string;
  /** Kills the server outright (SIGKILL) and waits until it is gone. */
  kill(): Promise<void>;
  /** Freezes the server (SIGSTOP): its connections stay open and nothing answers, as in a partition. */
  freeze(): void;
  /** Lets a frozen server run on (SIGCONT). */
  thaw(): void;
  /** Starts it again on the same directory and port. */
  restart(): Promise<void>;
  /** Stops it (if running) and removes its files. */
  dispose(): Promise<void>;
}

export async function startOwnDatabase(): Promise<OwnDatabase> {
  const { binary } = ensureFerretdbBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-own-db-'));
  const port = await freePort();
  const start = () => startChildServer(binary, ['-dir', dir, '-listen', `127.0.0.1:${port}`], 'ready');
  let server: ChildServer | undefined = await start();

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    async kill() {
      if (!server) return;
      const { pid } = server;
      process.kill(pid, 'SIGKILL');
      server = undefined;
      if (!(await waitUntil(() => !isAlive(pid), 10))) throw new Error(`FerretDB ${pid} survived SIGKILL`);
    },
    freeze() {
      if (server) process.kill(server.pid, 'SIGSTOP');
    },
    thaw() {
      if (server) process.kill(server.pid, 'SIGCONT');
    },
    async restart() {
      if (server) throw new Error('the database is already running');
      server = await start();
    },
    async dispose() {
      if (server) process.kill(server.pid, 'SIGCONT');
      await server?.stop();
      server = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
