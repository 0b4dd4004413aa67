// One embedded database server for the whole run, in a throw-away directory (each suite then uses a
// fresh database on it). With MONGODB_URI set, tests use that server instead. And the in-browser
// verifier the ledger pages load, built from the sources under test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { provisionDatabase, type ProvisionedDatabase } from '../../server/db/embedded.ts';
import { buildVerifierBundle } from '../../server/site/verifier-bundle.ts';

let database: ProvisionedDatabase | undefined;
let tmpDir: string | undefined;

export async function mochaGlobalSetup() {
  await buildVerifierBundle();
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
