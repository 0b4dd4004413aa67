// Operators' view: the process answers /healthz; /readyz follows the database down and back up, and while
// it is down requests that need it answer 503 problem+json instead of hanging or a 500.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort } from '../../server/db/child-server.ts';
import { provisionDatabase, type ProvisionedDatabase } from '../../server/db/embedded.ts';
import { startApp, testConfig, type TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';

async function eventually(check: () => Promise<boolean>, seconds = 20) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('condition not met in time');
}

describe('health and a database that goes away', function () {
  let dir: string;
  let port: number;
  let database: ProvisionedDatabase;
  let app: TestApp;

  before(async function () {
    if (process.env.TEST_DB_KIND === 'external') this.skip(); // cannot stop a server we do not own
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-dbdown-'));
    port = await freePort();
    database = await provisionDatabase(testConfig(), { dbDir: dir, port });
    app = await startApp({ serverUri: database.uri, dbName: 'health' });
  });
  after(async () => {
    await app?.close();
    await database?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the database is up, then /healthz and /readyz answer 200', async () => {
    expect((await app.http.get('/healthz')).status).to.equal(200);
    const ready = await app.http.get('/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body).to.deep.equal({ status: 'ready', database: 'up' });
  });

  it('when the database stops, then /readyz is 503, requests get 503 problem+json, and /healthz stays 200', async () => {
    await database.stop();
    const ready = await app.http.get('/readyz');
    expect(ready.status).to.equal(503);
    expect((await app.http.get('/healthz')).status).to.equal(200);
    const res = await app.http
      .post('/api/v1/auth/login')
      .send({ email: 'someone@example.vn', password: 'whatever it is' });
    expectProblem(res, 503, '/problems/service-unavailable');
  });

  it('when the database comes back on the same address, then the app recovers without a restart', async () => {
    database = await provisionDatabase(testConfig(), { dbDir: dir, port });
    await eventually(async () => (await app.http.get('/readyz')).status === 200);
    const res = await app.http
      .post('/api/v1/auth/login')
      .send({ email: 'someone@example.vn', password: 'whatever it is' });
    expect(res.status).to.equal(401);
  });
});
