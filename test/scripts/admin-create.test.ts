// `npm run admin:create -- --email E --password P` makes an admin who can then use the admin API.
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { startApp, testServerUri, type TestApp } from '../support/app.ts';
import { childEnv, repoRoot } from '../support/process.ts';
import { login, PASSWORD } from '../support/actors.ts';

function adminCreate(app: TestApp, args: string[]) {
  const uri = new URL(testServerUri());
  uri.pathname = `/${app.dbName}`;
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin-create.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: childEnv({ MONGODB_URI: uri.toString(), DATA_DIR: process.env.TEST_DATA_DIR ?? '' }),
  });
}

describe('npm run admin:create', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when run with an e-mail and a password, then that admin can log in and create an agency', async () => {
    const r = adminCreate(app, ['--email', 'Root@Registry.example', '--password', PASSWORD]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/Admin created: root@registry\.example/);
    const tokens = await login(app, 'root@registry.example');
    const res = await app.http
      .post('/api/v1/admin/agencies')
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .send({ code: 'SBV', name: 'State Bank of Vietnam' });
    expect(res.status).to.equal(201);
  });

  it('when the e-mail exists already or the password is weak, then it exits non-zero and says why', () => {
    const again = adminCreate(app, ['--email', 'root@registry.example', '--password', PASSWORD]);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/already exists/);
    const weak = adminCreate(app, ['--email', 'other@registry.example', '--password', 'short']);
    expect(weak.status).to.equal(2);
    expect(weak.stderr).to.match(/--password: must be at least 10 characters/);
  });
});
