// `npm start` as an operator sees it: the entry point starts its embedded database, keeps data across
// restarts, and leaves no database process behind after SIGTERM, SIGINT or a crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { childEnv, childrenOf, isAlive, startServerProcess, waitUntil } from '../support/process.ts';
import { PASSWORD } from '../support/actors.ts';

describe('the server process with its embedded database', function () {
  let dataDir: string;
  const env = () =>
    childEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development', MONGODB_URI: '' });

  before(function () {
    if (process.env.TEST_DB_KIND === 'external') this.skip(); // MONGODB_URI given: nothing embedded to watch
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-process-'));
  });
  after(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when started, then /readyz is 200; when stopped with SIGTERM, then it exits 0 and its database process is gone', async () => {
    const server = await startServerProcess(env());
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).to.equal(200);
    const register = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'persist@example.vn',
        password: PASSWORD,
        name: 'P',
        organization: { name: 'Persist', registrationNumber: '0100000001' },
      }),
    });
    expect(register.status).to.equal(201);
    const db = childrenOf(server.child.pid!);
    expect(db, 'one embedded database child').to.have.length(1);

    server.child.kill('SIGTERM');
    expect(await server.exited).to.equal(0);
    expect(await waitUntil(() => !isAlive(db[0]), 10)).to.equal(true);
    expect(fs.existsSync(path.join(dataDir, 'secrets', 'dev-secrets.json'))).to.equal(true);
  });

  it('when started again on the same data directory, then the data of the first run is there; SIGINT stops it cleanly', async () => {
    const server = await startServerProcess(env());
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'persist@example.vn', password: PASSWORD }),
    });
    expect(login.status).to.equal(200);
    const db = childrenOf(server.child.pid!);
    server.child.kill('SIGINT');
    expect(await server.exited).to.equal(0);
    expect(await waitUntil(() => db.every((pid) => !isAlive(pid)), 10)).to.equal(true);
  });

  it('when the app crashes (SIGKILL), then its database process exits on its own', async () => {
    const server = await startServerProcess(env());
    const db = childrenOf(server.child.pid!);
    expect(db).to.have.length(1);
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await waitUntil(() => !isAlive(db[0]), 10)).to.equal(true);
  });

  it('when the configuration is wrong, then it exits 1 naming every bad variable', async () => {
    let error: Error | undefined;
    try {
      await startServerProcess(
        childEnv({ DATA_DIR: dataDir, PORT: 'eighty', LOG_LEVEL: 'loud', BCRYPT_COST: '4' }),
        30_000,
      );
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message)
      .to.match(/PORT/)
      .and.match(/LOG_LEVEL/)
      .and.match(/BCRYPT_COST: must be at least 12/);
  });

  it('when NODE_ENV is production without JWT_SECRET, then it refuses to start', async () => {
    let error: Error | undefined;
    try {
      await startServerProcess(
        childEnv({ DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'production', JWT_SECRET: '' }),
        30_000,
      );
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.match(/JWT_SECRET: required in production/);
  });
});
