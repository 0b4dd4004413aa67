// An approved pilot is supervised before its start date (issue 15 item 9), and submission is held to the
// programme's limits (item 10): the regulator amends, suspends and revokes an approved pilot, the business
// withdraws it; an application longer than the programme allows, or of a type it does not admit, is refused
// at submission with the limit named.
import { expect } from 'chai';
import { expectProblem } from '../support/actors.ts';
import type { TestApp } from '../support/app.ts';
import {
  aDecision,
  anApplication,
  as,
  DAY,
  daysFrom,
  exemption,
  expectOk,
  pilotIn,
  runJob,
  sandboxWorld,
  startPilotApp,
  travel,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay } from '../support/replay.ts';

describe('an approved pilot before its start, and the programme at submission', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when a pilot is approved with a start to come, then the regulator may amend, suspend and revoke it and the business may withdraw it', async () => {
    const id = await pilotIn(world, 'approved');
    expect(expectOk(await as(app, world.regulator).get(id)).allowedActions).to.include.members([
      'amend',
      'suspend',
      'revoke',
    ]);
    expect(expectOk(await as(app, world.business).get(id)).allowedActions).to.deep.equal([
      'request_amendment',
      'withdraw',
    ]);
    const amended = expectOk(
      await as(app, world.regulator).act(id, 'amend', {
        decision: aDecision(app),
        exemptions: { add: [exemption('Decree 13/2023/ND-CP, Art. 11')] },
      }),
    );
    expect(amended.state).to.equal('approved');
    expect(amended.exemptions).to.have.length(2);
    const withdrawn = expectOk(await as(app, world.business).act(id, 'withdraw', { reason: 'Partner bank left.' }));
    expect(withdrawn.state).to.equal('withdrawn');
    await expectProjectionEqualsReplay(app, id);
  });

  it('when an approved pilot is suspended and reinstated before its start, then it is approved again and starts on its date', async () => {
    const id = await pilotIn(world, 'approved');
    const reg = as(app, world.regulator);
    expect(expectOk(await reg.act(id, 'suspend', { decision: aDecision(app) })).state).to.equal('suspended');
    expect(expectOk(await reg.act(id, 'reinstate', { decision: aDecision(app) })).state).to.equal('approved');
    travel(world, 6 * DAY);
    await runJob(world);
    expect(expectOk(await reg.get(id)).state).to.equal('active');
    await expectProjectionEqualsReplay(app, id);
  });

  it('when an approved pilot is revoked before its start, then revoked with its exemptions', async () => {
    const id = await pilotIn(world, 'approved');
    const revoked = expectOk(await as(app, world.regulator).act(id, 'revoke', { decision: aDecision(app) }));
    expect(revoked.state).to.equal('revoked');
    expect((revoked.exemptions as { state: string }[]).map((x) => x.state)).to.deep.equal(['revoked']);
  });

  it('when the planned period exceeds the programme’s maximum, then submission is refused naming the limit', async () => {
    const biz = as(app, world.business);
    const id = expectOk(
      await biz.createPilot(world, {
        ...anApplication(app),
        plannedStart: daysFrom(app, 30),
        plannedEnd: daysFrom(app, 30 + 800),
      }),
      201,
    ).id;
    const refused = await biz.act(id, 'submit');
    expectProblem(refused, 400);
    expect(JSON.stringify(refused.body)).to.contain('maximum duration of 24 months');
    expect(expectOk(await biz.get(id)).state).to.equal('draft');
  });

  it('when the solution type is not admitted, then submission is refused naming the types admitted', async () => {
    const biz = as(app, world.business);
    const id = expectOk(
      await biz.createPilot(world, { ...anApplication(app), solutionType: 'crypto-exchange' }),
      201,
    ).id;
    const refused = await biz.act(id, 'submit');
    expectProblem(refused, 400);
    expect(JSON.stringify(refused.body)).to.contain('credit-scoring, open-api, p2p-lending');
  });
});
