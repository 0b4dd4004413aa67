// Durations as the decrees count them (issue 14 items 5–6): the maximum period runs from the decision,
// testing starts within the programme's days of it, never past the business licence's expiry; completion
// issues a certificate and is not a licence; a stop starts the wind-down clock.
import { expect } from 'chai';
import { expectProblem } from '../support/actors.ts';
import type { TestApp } from '../support/app.ts';
import {
  aDecision,
  anApplication,
  approval,
  as,
  daysFrom,
  expectOk,
  pilotIn,
  sandboxWorld,
  startPilotApp,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay } from '../support/replay.ts';

describe('durations, licences and completion', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  const underReview = async (application: Record<string, unknown> = anApplication(app)) => {
    const biz = as(app, world.business);
    const id = expectOk(await biz.createPilot(world, application), 201).id;
    expectOk(await biz.act(id, 'submit'));
    expectOk(await as(app, world.regulator).act(id, 'start_review'));
    return id;
  };

  it('when the end is within 24 months of a later start but not of the decision, then approval is refused', async () => {
    const id = await underReview();
    const res = await as(app, world.regulator).act(id, 'approve', { ...approval(app, 60, 60 + 720), conditions: [] });
    expectProblem(res, 400);
    expect(JSON.stringify(res.body)).to.contain('24 months from the decision');
  });

  it('when testing would start later than the programme’s 90 days after the decision, then approval is refused', async () => {
    const id = await underReview();
    const res = await as(app, world.regulator).act(id, 'approve', approval(app, 100, 300));
    expectProblem(res, 400);
    expect(res.body.errors[0]).to.include({ field: 'start' });
    expect(res.body.errors[0].reason).to.contain('90 days of the decision');
  });

  it('when the business licence expires before the planned end, then submission and approval are refused', async () => {
    const biz = as(app, world.business);
    const short = { ...anApplication(app), licence: { number: 'GP-01/NHNN', expiresAt: daysFrom(app, 200) } };
    const id = expectOk(await biz.createPilot(world, short), 201).id;
    const refused = await biz.act(id, 'submit');
    expectProblem(refused, 400);
    expect(JSON.stringify(refused.body)).to.contain("business licence's expiry");
    const ok = await underReview({
      ...anApplication(app),
      licence: { number: 'GP-02/NHNN', expiresAt: daysFrom(app, 400) },
    });
    const res = await as(app, world.regulator).act(ok, 'approve', approval(app, 0, 450));
    expectProblem(res, 400);
    expect(JSON.stringify(res.body)).to.contain("business licence's expiry");
  });

  it('when a pilot is completed, then the page names the certificate and says completion is not a licence; no transition where the programme allows none', async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const body = {
      decision: aDecision(app, '99/GCN-NHNN'),
      outcome: 'graduated',
      exitReport: { publicSummary: 'Done.', confidentialDetail: 'x' },
    };
    expectProblem(await reg.act(id, 'complete', { ...body, transitionUntil: daysFrom(app, 100) }), 400);
    const done = expectOk(await reg.act(id, 'complete', body));
    expect(done.completion).to.include({ certificate: '99/GCN-NHNN', transitionUntil: null });
    const page = await app.http.get(`/pilots/${done.reference as string}`);
    expect(page.text).to.contain('completion-not-licence').and.contain('99/GCN-NHNN');
    expect(page.text).to.contain('Completing a test is not a licence');
    await expectProjectionEqualsReplay(app, id);
  });

  it('when a pilot is revoked, then the wind-down clock runs 6 months from the decision', async () => {
    const id = await pilotIn(world, 'revoked');
    const pilot = expectOk(await as(app, world.business).get(id));
    const clock = (pilot.clocks as { clock: string; due: string }[]).find((c) => c.clock === 'wind_down')!;
    const months = (Date.parse(clock.due) - app.clock.now().getTime()) / (30.4 * 86_400_000);
    expect(months).to.be.closeTo(6, 0.2);
    expect(pilot.windDownBy).to.equal(clock.due);
  });
});
