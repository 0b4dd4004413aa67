// npm run seed [-- --url URL --admin-email E --admin-password P]
// Loads the demo data set by driving the registry's HTTP API, so the ledger records it as it records
// anything else. With --url it talks to a running registry as that admin (or SEED_ADMIN_EMAIL and
// SEED_ADMIN_PASSWORD); without, it starts the registry in-process on the local data directory (DATA_DIR,
// the embedded database like `npm start`, which must not be running) and makes a demo admin itself.
// A registry that already has the demo agencies is left as it is.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createUser } from '../server/accounts/admin.ts';
import { createApp } from '../server/app.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { connectDatabase, databaseUri } from '../server/db/connection.ts';
import { NoDatabaseError, provisionDatabase } from '../server/db/embedded.ts';
import { createLogger } from '../server/logger.ts';
import { ApiError, RegistryClient } from './seed/client.ts';
import { DEMO_PASSWORD } from './seed/data.ts';
import { seedRegistry, type SeedResult } from './seed/story.ts';

const log = (line: string) => console.log(`  ${line}`);

function report(result: SeedResult, admin?: string) {
  console.log(result.message);
  if (!result.seeded) return;
  console.log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
  if (admin) console.log(`  admin      ${admin}`);
  for (const a of result.accounts) console.log(`  ${a.role.padEnd(10)} ${a.email}  (${a.of})`);
}

async function seedRunning(url: string, email: string, password: string) {
  const api = new RegistryClient(url.replace(/\/+$/, ''));
  const admin = await api.login(email, password);
  report(await seedRegistry(api, admin, log));
}

async function seedLocal() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const database = await provisionDatabase(config, {
    dbDir: path.join(config.dataDir, 'db'),
    log: (m) => console.error(m),
  });
  const conn = await connectDatabase(config, databaseUri(database.uri, 'sandbox_registry'));
  try {
    const { app, ctx } = createApp({ config, conn, logger: createLogger(config) });
    await Promise.all(Object.values(conn.models).map((m) => m.init()));
    await ctx.ledger.reconcile();
    if (await ctx.models.Agency.exists({ code: 'SBV' })) {
      console.log(`The registry in ${config.dataDir} already has data (agency SBV exists); nothing was seeded.`);
      return;
    }
    const email = `admin.${randomBytes(3).toString('hex')}@demo.sandbox-registry.vn`;
    await createUser(ctx, { email, password: DEMO_PASSWORD, name: 'Demo administrator', role: 'admin' });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const api = new RegistryClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      report(await seedRegistry(api, await api.login(email, DEMO_PASSWORD), log), email);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    await conn.close().catch(() => {});
    await database.stop();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, 'admin-email': { type: 'string' }, 'admin-password': { type: 'string' } },
    strict: true,
  });
  if (!values.url) {
    await seedLocal();
    return 0;
  }
  // Credentials may come from the environment so they stay out of shell history.
  const email = values['admin-email'] ?? process.env.SEED_ADMIN_EMAIL;
  const password = values['admin-password'] ?? process.env.SEED_ADMIN_PASSWORD;
  if (!email || !password) {
    console.error(
      'Usage: npm run seed -- --url URL --admin-email E --admin-password P (or SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD)',
    );
    return 2;
  }
  await seedRunning(values.url, email, password);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof NoDatabaseError || err instanceof ApiError)
      console.error(`Seed failed: ${err.message}`);
    else console.error(err);
    process.exit(1);
  },
);
