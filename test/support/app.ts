// Starts the real app in-process on an ephemeral port, on a fresh database of the test server, with a
// clock the test can move. No fakes: HTTP goes over a socket and the database is a real server.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import supertest from 'supertest';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Config, type Env } from '../../server/config.ts';
import { connectDatabase, databaseUri } from '../../server/db/connection.ts';
import { createLogger } from '../../server/logger.ts';
import type { RegistryContext } from '../../server/context.ts';
import type { LedgerFaults } from '../../server/ledger/ledger.ts';
import type { RouteTable } from '../../middleware/route-table.ts';

export class TestClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(seconds: number) {
    this.offsetMs += seconds * 1000;
  }
}

export interface TestApp {
  url: string;
  http: ReturnType<typeof supertest>;
  ctx: RegistryContext;
  /** The Express app and its route table, for tests that check the contract against what is served. */
  express: Express;
  routes: RouteTable;
  config: Config;
  conn: Connection;
  clock: TestClock;
  dbName: string;
  close(): Promise<void>;
}

export function testServerUri(): string {
  const uri = process.env.TEST_DB_SERVER_URI;
  if (!uri) {
    throw new Error(
      process.env.TEST_NO_DATABASE === '1'
        ? 'this test needs the database server: it belongs in a tier with `database: true` (test/tiers.ts)'
        : 'test database not provisioned (test/support/global.ts did not run)',
    );
  }
  return uri;
}

/**
 * bcrypt's cost for apps started in-process, unless a test sets BCRYPT_COST. At 12, the least the
 * configuration accepts (server processes, which the fault and process tests start, still hash at 12), one
 * hash or check takes about a quarter of a CPU second on our 2-core machine, and the tests hash or check
 * some 300 times: over a minute of CPU in every run. Passwords are still hashed and checked by bcrypt.
 */
const TEST_BCRYPT_COST = 4;

export function testConfig(env: Env = {}): Config {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: process.env.TEST_DATA_DIR,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_LOGIN: '10000',
    RATE_LIMIT_REGISTER: '10000',
    DB_SERVER_SELECTION_TIMEOUT_MS: '1500',
    ...env,
  });
  return env.BCRYPT_COST ? config : { ...config, bcryptCost: TEST_BCRYPT_COST };
}

export async function startApp(
  opts: { env?: Env; serverUri?: string; dbName?: string; ledgerFaults?: LedgerFaults; logger?: Logger } = {},
): Promise<TestApp> {
  const config = testConfig(opts.env);
  const dbName = opts.dbName ?? `t_${randomBytes(6).toString('hex')}`;
  const conn = await connectDatabase(config, databaseUri(opts.serverUri ?? testServerUri(), dbName, true));
  const clock = new TestClock();
  const logger = opts.logger ?? createLogger(config);
  const { app, ctx, routes } = createApp({ config, conn, logger, now: clock.now, ledgerFaults: opts.ledgerFaults });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    http: supertest(url),
    ctx,
    express: app,
    routes,
    config,
    conn,
    clock,
    dbName,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await conn.dropDatabase().catch(() => {});
      await conn.close().catch(() => {});
    },
  };
}
