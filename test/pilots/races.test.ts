// Concurrent conflicting actions on one pilot: the pilot's version is the ledger's (key, version) unique
// index, so exactly one wins, exactly one entry is appended, and the projection equals a replay.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import {
  aDecision,
  approval,
  as,
  daysFrom,
  expectOk,
  pilotIn,
  sandboxWorld,
  startPilotApp,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

describe('races on a pilot', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  const count = async () => app.ctx.models.LedgerEntry.countDocuments({});

  it('when 50 regulators approve and reject one application at once, then exactly one wins and the rest get 409', async () => {
    const id = await pilotIn(world, 'under_review');
    const before = await count();
    const reg = as(app, world.regulator);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 ? reg.act(id, 'approve', approval(app)) : reg.act(id, 'reject', { decision: aDecision(app) }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.filter((s) => s === 200),
      JSON.stringify(results.find((r) => r.status !== 200 && r.status !== 409)?.body),
    ).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(49);
    expect(await count()).to.equal(before + 1);
    const winner = results.find((r) => r.status === 200)!.body as { state: string };
    expect(['active', 'rejected']).to.include(winner.state);
    expect((await pilotEntries(app, id)).at(-1)!.type).to.equal(
      winner.state === 'active' ? 'pilot.approved' : 'pilot.rejected',
    );
    await expectProjectionEqualsReplay(app, id);
  });

  it('when 50 suspensions and extensions of an active pilot race, each naming the version it saw, then one wins and the rest get 412', async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const version = expectOk(await reg.get(id)).version;
    const before = await count();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2
          ? reg.act(id, 'suspend', { decision: aDecision(app) }, version)
          : reg.act(id, 'extend', { decision: aDecision(app), end: daysFrom(app, 400) }, version),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(1);
    expect(statuses.filter((s) => s === 412)).to.have.length(49);
    expect(await count()).to.equal(before + 1);
    const after = expectOk(await reg.get(id));
    expect(after.version).to.equal(version + 1);
    await expectProjectionEqualsReplay(app, id);
  });

  it('when 10 rounds of approve-versus-reject race on 10 applications, then each ends with one winner and one entry', async () => {
    // Set-up one by one (every append of every pilot competes for the next seq of the one log).
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await pilotIn(world, 'under_review'));
    const reg = as(app, world.regulator);
    const before = await count();
    const rounds: number[][] = [];
    for (let i = 0; i < ids.length; i += 5) {
      rounds.push(
        ...(await Promise.all(
          ids.slice(i, i + 5).map(async (id) => {
            const [a, b] = await Promise.all([
              reg.act(id, 'approve', approval(app)),
              reg.act(id, 'reject', { decision: aDecision(app) }),
            ]);
            return [a.status, b.status].sort();
          }),
        )),
      );
    }
    expect(
      rounds.every(([x, y]) => x === 200 && y === 409),
      JSON.stringify(rounds),
    ).to.equal(true);
    expect(await count()).to.equal(before + 10);
    for (const id of ids) await expectProjectionEqualsReplay(app, id);
  });

  it('when one draft is submitted 50 times at once, then one submission wins and no reference number is skipped', async () => {
    const biz = as(app, world.business);
    const id = expectOk(await biz.createPilot(world), 201).id;
    const results = await Promise.all(Array.from({ length: 50 }, () => biz.act(id, 'submit')));
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, ...Array(49).fill(409)]);
    const reference = (results.find((r) => r.status === 200)!.body as { reference: string }).reference;
    const next = expectOk(await biz.act(expectOk(await biz.createPilot(world), 201).id, 'submit')).reference as string;
    expect(Number(next.slice(-4))).to.equal(Number(reference.slice(-4)) + 1);
    await expectProjectionEqualsReplay(app, id);
  });

  it('when 12 applications are submitted at once, then each gets its own reference number', async () => {
    const biz = as(app, world.business);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(expectOk(await biz.createPilot(world), 201).id);
    const submitted = await Promise.all(
      ids.map(async (id) => expectOk(await biz.act(id, 'submit')).reference as string),
    );
    expect(new Set(submitted).size).to.equal(12);
    for (const ref of submitted) expect(ref).to.match(new RegExp(`^${world.agency.code}-\\d{4}-\\d{4}$`));
  });
});
