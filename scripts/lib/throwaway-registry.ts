// A registry started in-process for a tool's run (benchmarks, the fuzzer): a throw-away data folder, the
// embedded database (or MONGODB_URI) with a fresh database, the real app on an ephemeral loopback port;
// stop() removes all of it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Env } from '../../server/config.ts';
import { connectDatabase, databaseUri } from '../../server/db/connection.ts';
import { provisionDatabase } from '../../server/db/embedded.ts';
import { createLogger } from '../../server/logger.ts';

export interface ThrowawayRegistry {
  url: string;
  ctx: ReturnType<typeof createApp>['ctx'];
  conn: Awaited<ReturnType<typeof connectDatabase>>;
  /** `ferretdb`, `mongod` or `external`. */
  databaseKind: string;
  server: http.Server;
  stop: () => Promise<void>;
}

export async function startThrowawayRegistry(opts: {
  /** Names the data folder and the database. */
  name: string;
  env?: Env;
  log: (line: string) => void;
  /** Serves the app through this listener instead of as it is (to count answers, say). */
  listener?: (app: Express) => http.RequestListener;
}): Promise<ThrowawayRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sandbox-registry-${opts.name}-`));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...opts.env,
    DATA_DIR: dir,
  });
  const database = await provisionDatabase(config, { dbDir: path.join(dir, 'db'), log: opts.log });
  const conn = await connectDatabase(
    config,
    databaseUri(database.uri, `${opts.name}_${randomBytes(4).toString('hex')}`, true),
  );
  const { app, ctx } = createApp({ config, conn, logger: createLogger(config) });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  const server = http.createServer(opts.listener ? opts.listener(app) : app);
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ctx,
    conn,
    databaseKind: database.kind,
    server,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await conn.dropDatabase().catch(() => {});
      await conn.close().catch(() => {});
      await database.stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
