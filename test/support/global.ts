// One embedded database server for the whole run, in a throw-away directory (each suite then uses a
// fresh database on it). With MONGODB_URI set, tests use that server instead. With TEST_NO_DATABASE=1
// (scripts/test.ts sets it for the unit tier) none is started, and a test that asks for one fails. And
// the in-browser verifier the ledger pages load, built from the sources under test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { provisionDatabase, type ProvisionedDatabase } from '../../server/db/embedded.ts';
import { buildVerifierBundle } from '../../server/site/verifier-bundle.ts';

let database: ProvisionedDatabase | undefined;
let tmpDir: string | undefined;

/**
 * FerretDB decodes every document of a collection for any query but one by _id (DESIGN §4) and drops
 * them at once: at Go's default pace (GOGC=100) collecting that garbage took about a quarter of the server's CPU
 * in the tests, and the server is most of the tests' CPU. A tenth as often, capped at 1 GiB per process,
 * measured 26% less server CPU on test/ledger/concurrency.test.ts. Set here, every FerretDB the tests
 * start inherits it (the fault tests' own servers too); GOGC or GOMEMLIMIT given by the caller wins.
 */
function paceGoCollector() {
  process.env.GOGC ??= '1000';
  process.env.GOMEMLIMIT ??= '1GiB';
}

export async function mochaGlobalSetup() {
  await buildVerifierBundle();
  if (process.env.TEST_NO_DATABASE === '1') return;
  paceGoCollector();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-registry-test-'));
  process.env.TEST_DATA_DIR = tmpDir;
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: tmpDir });
  database = await provisionDatabase(config, {
    dbDir: path.join(tmpDir, 'db'),
    log: (m) => console.log(`  [db] ${m}`),
  });
  process.env.TEST_DB_SERVER_URI = database.uri;
  process.env.TEST_DB_KIND = database.kind;
  console.log(`  [db] tests run on ${database.kind} at ${database.uri}`);
}

export async function mochaGlobalTeardown() {
  await database?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
}
