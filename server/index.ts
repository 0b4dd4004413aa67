// Entry point: configuration → database → listen; stops cleanly (embedded database included) on
// SIGINT/SIGTERM. Everything else is assembled by createApp().
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Connection } from 'mongoose';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { connectDatabase, databaseUri } from './db/connection.ts';
import { NoDatabaseError, provisionDatabase, type ProvisionedDatabase } from './db/embedded.ts';
import { startDueWork } from './jobs/due-work.ts';
import { reconcileNow, startReconciler } from './jobs/reconciler.ts';
import { createLogger } from './logger.ts';
import { VERIFIER_BUNDLE } from './site/verifier-bundle.ts';

/**
 * Stops listening and resolves once the requests in flight are answered. close() drops the connections
 * idle at that moment, but a keep-alive connection whose request finishes later would stay open until
 * its client or keepAliveTimeout closes it; so idle connections are closed as they appear.
 */
function drain(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
  });
}

async function main() {
  const config = loadConfig(process.env);
  const logger = createLogger(config);
  const log = (msg: string) => logger.info(msg);

  let database: ProvisionedDatabase | undefined;
  let server: Server | undefined;
  let stopping = false;
  let stopReconciler: (() => Promise<void>) | undefined;
  let stopDueWork: (() => Promise<void>) | undefined;
  let conn: Connection | undefined;

  async function shutdown(signal: string, code = 0) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(code || 1), 10_000);
    force.unref();
    await drain(server);
    await stopDueWork?.().catch(() => {});
    await stopReconciler?.().catch(() => {});
    await conn?.close().catch(() => {});
    await database?.stop().catch(() => {});
    logger.info('stopped');
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  database = await provisionDatabase(config, { dbDir: path.join(config.dataDir, 'db'), log });
  logger.info({ kind: database.kind }, 'database ready');
  conn = await connectDatabase(config, databaseUri(database.uri, 'sandbox_registry'));
  const { app, ctx } = createApp({ config, conn, logger });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  // Finishes any append a previous run left half-done before requests come in, then keeps watching.
  await reconcileNow(ctx);
  stopReconciler = startReconciler(ctx);
  stopDueWork = startDueWork(ctx, config.dueWorkSeconds);

  server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ url: `http://${config.host}:${port}`, database: database.kind }, 'Sandbox Registry is listening');
  if (!existsSync(VERIFIER_BUNDLE)) {
    // `npm start` and `npm install` build it; a start that bypasses both (node server/index.ts) may not.
    logger.warn(
      'The in-browser verifier is not built, so the ledger pages offer no Verify button: `npm run build:assets`.',
    );
  }
  if (!(await ctx.models.Pilot.exists({}))) {
    logger.info(
      'The registry has no pilots yet: `npm run seed -- --url <this url> --admin-email E --admin-password P` loads demo data (or stop the server and run `npm run seed`).',
    );
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof NoDatabaseError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  // The embedded database child watches our stdin and exits with us; no orphan is left behind.
  process.exit(1);
});
