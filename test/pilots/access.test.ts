// Who may do what to a pilot: outside the scope → 404 (existence does not leak), a role the table does
// not name → 403, no token → 401. Each refusal leaves the ledger as it was.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import {
  aDecision,
  approval,
  as,
  expectOk,
  pilotIn,
  sandboxWorld,
  startPilotApp,
  type World,
} from '../support/pilots.ts';

describe('pilot access', () => {
  let app: TestApp;
  let world: World;
  let underReview: string;
  let active: string;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    underReview = await pilotIn(world, 'under_review');
    active = await pilotIn(world, 'active');
  });
  after(() => app.close());

  const entries = () => app.ctx.models.LedgerEntry.countDocuments({});

  it('when a business or regulator outside the scope acts on a pilot, then 404 for every action and record route', async () => {
    const before = await entries();
    for (const outsider of [world.otherBusiness, world.otherRegulator]) {
      const who = as(app, outsider);
      expectProblem(await who.get(underReview), 404);
      expectProblem(await who.act(underReview, 'approve', approval(app)), 404);
      expectProblem(await who.act(underReview, 'withdraw', { reason: 'x' }), 404);
      expectProblem(await who.act(active, 'suspend', { decision: aDecision(app) }), 404);
      expectProblem(await who.read(underReview, 'ledger-private'), 404);
    }
    expectProblem(await as(app, world.otherBusiness).edit(underReview, { title: 'x' }), 404);
    expectProblem(
      await as(app, world.otherBusiness).file(active, 'reports', {
        metrics: { participants: 1, complaints: 0, incidents: 0 },
        publicSummary: 'x',
        confidentialDetail: 'y',
      }),
      404,
    );
    expectProblem(
      await as(app, world.otherRegulator).file(active, 'exemptions', {
        decision: aDecision(app),
        exemption: { legalReference: 'x', description: 'y' },
      }),
      404,
    );
    expect(await entries()).to.equal(before);
  });

  it('when a party takes an action its role may not, then 403', async () => {
    const before = await entries();
    expectProblem(await as(app, world.business).act(underReview, 'approve', approval(app)), 403, '/problems/forbidden');
    expectProblem(await as(app, world.business).act(active, 'revoke', { decision: aDecision(app) }), 403);
    expectProblem(await as(app, world.regulator).act(underReview, 'withdraw', { reason: 'x' }), 403);
    expectProblem(await as(app, world.regulator).act(underReview, 'submit'), 403);
    expectProblem(await as(app, world.regulator).act(active, 'expire'), 403); // the system's row
    expectProblem(await as(app, world.regulator).edit(underReview, { title: 'x' }), 403);
    expectProblem(await as(app, world.regulator).file(active, 'incidents', {}), 403);
    expectProblem(await as(app, world.business).file(active, 'exemptions', {}), 403);
    // Admins read everything and decide nothing.
    expect(expectOk(await as(app, world.admin).get(active)).allowedActions).to.deep.equal([]);
    expectProblem(await as(app, world.admin).act(underReview, 'approve', approval(app)), 403);
    expectProblem(await as(app, world.admin).createPilot(world), 403);
    expect(await entries()).to.equal(before);
  });

  it('when nobody is signed in, then actions and lists answer 401; an unknown action 404; a stale If-Match 412', async () => {
    expectProblem(await as(app, null).act(underReview, 'approve', approval(app)), 401);
    expectProblem(await as(app, null).list(), 401);
    expectProblem(await as(app, world.regulator).act(underReview, 'bless'), 404);
    expectProblem(
      await as(app, world.regulator).act(underReview, 'approve', approval(app), 1),
      412,
      '/problems/precondition-failed',
    );
    const res = await as(app, world.regulator).act(underReview, 'approve', { ...approval(app), surprise: true });
    expectProblem(res, 400, '/problems/validation-error');
    expect(res.body.errors).to.deep.include({ field: 'surprise', reason: 'is not an accepted field' });
  });

  it('when a pilot is approved, then the public and other agencies get its public view; its parties the full one with their actions', async () => {
    const pub = expectOk(await as(app, null).get(active));
    expect(pub).to.include({ view: 'public', state: 'active' });
    expect(pub).to.not.have.property('changesRequested');
    const party = expectOk(await as(app, world.regulator).get(active));
    expect(party.view).to.equal('party');
    expect(party.allowedActions).to.have.members([
      'extend',
      'amend',
      'suspend',
      'revoke',
      'consult',
      'announce_inspection',
      'warn',
      'complete',
    ]);
    expect(expectOk(await as(app, world.business).get(active)).allowedActions).to.have.members([
      'halt',
      'request_amendment',
      'request_extension',
      'withdraw',
    ]);
  });
});

describe('the lifecycle document', () => {
  let app: TestApp;
  before(async () => (app = await startPilotApp()));
  after(() => app.close());

  it('when anyone asks for the lifecycle, then they get the table the API enforces, with the fields each actor sends', async () => {
    const res = await app.http.get('/api/v1/lifecycle');
    expect(res.status).to.equal(200);
    expect(res.body.pilot.approve).to.deep.include({
      from: ['under_review'],
      to: ['approved', 'active'],
      event: 'pilot.approved',
    });
    expect(res.body.pilot.approve.actors.regulator.required).to.include.members([
      'decision',
      'start',
      'end',
      'exemptions',
    ]);
    expect(Object.keys(res.body.pilot.suspend.actors)).to.have.members(['regulator', 'business']);
    expect(Object.keys(res.body.pilot.expire.actors)).to.deep.equal(['system']);
    expect(res.body.exemption.reinstate.recordFrom).to.deep.equal(['suspended']);
  });
});
