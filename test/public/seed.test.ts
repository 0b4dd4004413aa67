// `npm run seed -- --url URL` fills a running registry with the demo data set through its API: every
// lifecycle state, a genuine ledger behind each public page; a second run leaves the data as it is.
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { createUser } from '../../server/accounts/admin.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { PASSWORD } from '../support/actors.ts';
import { childEnv, repoRoot } from '../support/process.ts';

function seed(app: TestApp, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--url', app.url, ...args], {
      cwd: repoRoot,
      env: childEnv({}),
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run seed', () => {
  let app: TestApp;
  let first: { code: number | null; out: string };
  before(async () => {
    app = await startApp();
    await createUser(app.ctx, {
      email: 'seed-admin@registry.example',
      password: PASSWORD,
      name: 'Operator',
      role: 'admin',
    });
    first = await seed(app, ['--admin-email', 'seed-admin@registry.example', '--admin-password', PASSWORD]);
  });
  after(() => app.close());

  it('when run against a registry, then every lifecycle state is in it, counted in the statistics', async () => {
    expect(first.code, first.out).to.equal(0);
    expect(first.out).to.match(/Seeded 16 pilots/);
    const stats = (await app.http.get('/api/v1/public/stats')).body;
    const states = stats.applications.byStatus.map((b: { key: string }) => b.key);
    for (const s of [
      'submitted',
      'under_review',
      'changes_requested',
      'returned',
      'approved',
      'active',
      'rejected',
      'suspended',
      'revoked',
      'withdrawn',
      'completed',
      'expired',
    ]) {
      expect(states, s).to.include(s);
    }
    expect(stats.applications.notApproved).to.be.greaterThan(0);
  });

  it('when the public reads the seeded registry, then Vietnamese search, pilot pages with breaches, rulings and an overdue report work', async () => {
    const found = (await app.http.get('/api/v1/public/pilots?q=da%20nang&status=active')).body.items;
    expect(found.map((p: { title: string }) => p.title)).to.include(
      'Giao hàng bằng thiết bị bay không người lái tại Đà Nẵng',
    );
    const hcm = (await app.http.get('/api/v1/public/pilots?q=ho%20chi%20minh')).body.items[0];
    const page = (await app.http.get(hcm.url)).body;
    expect(page.claims[0].ruling.outcome).to.equal('partly_upheld');
    expect(page.breaches).to.have.length(1);
    expect(page.timeline[0].subject).to.match(/^pilot:/);
    const overdue = (await app.http.get('/api/v1/public/pilots?q=cham%20diem')).body.items[0];
    const scoring = (await app.http.get(overdue.url)).body;
    expect(scoring.reportSchedule.map((s: { status: string }) => s.status)).to.include('overdue');
  });

  it('when run a second time, then it says the data is there and changes nothing', async () => {
    const before = (await app.http.get('/api/v1/ledger/entries?start=0&limit=1000')).body.entries.length;
    const again = await seed(app, ['--admin-email', 'seed-admin@registry.example', '--admin-password', PASSWORD]);
    expect(again.code, again.out).to.equal(0);
    expect(again.out).to.match(/already has data/);
    expect((await app.http.get('/api/v1/ledger/entries?start=0&limit=1000')).body.entries.length).to.equal(before);
  });

  it('when credentials are missing, then it explains its usage', async () => {
    const r = await seed(app, []);
    expect(r.code).to.equal(2);
    expect(r.out).to.match(/Usage: npm run seed/);
  });
});
