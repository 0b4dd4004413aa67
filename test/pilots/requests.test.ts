// The participant asks; the agency decides (issue 14 item 4): the business requests an extension (before
// the programme's lead time) or an amendment, the regulator grants or refuses it by decision; after an
// incident the business halts its own test, an event with a report due, not a change of status.
import { expect } from 'chai';
import { expectProblem } from '../support/actors.ts';
import type { TestApp } from '../support/app.ts';
import {
  aDecision,
  as,
  DAY,
  daysFrom,
  expectOk,
  pilotIn,
  sandboxWorld,
  startPilotApp,
  travel,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

interface Request {
  id: string;
  kind: string;
  end: string | null;
  outcome: { granted: boolean } | null;
}

describe('the participant asks, the agency decides', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when the business asks for an extension in time, then the regulator grants it by decision and the end moves', async () => {
    const id = await pilotIn(world, 'active');
    const biz = as(app, world.business);
    const reg = as(app, world.regulator);
    const end = expectOk(await reg.get(id)).end as string;
    const asked = expectOk(await biz.act(id, 'request_extension', { end: daysFrom(app, 500), reasons: 'More data.' }));
    const [request] = asked.requests as Request[];
    expect(request).to.include({ kind: 'extension', outcome: null });
    expect(asked.state).to.equal('active');
    expectProblem(await biz.act(id, 'request_extension', { end: daysFrom(app, 450), reasons: 'Again.' }), 409);
    expect(expectOk(await reg.get(id)).allowedActions).to.include('decide_request');
    const granted = expectOk(
      await reg.act(id, 'decide_request', { requestId: request.id, outcome: 'granted', decision: aDecision(app) }),
    );
    expect(granted.end).to.equal(request.end);
    expect(granted.end).not.to.equal(end);
    expect(granted.extensions).to.equal(1);
    expect((granted.requests as Request[])[0].outcome).to.include({ granted: true });
    await expectProjectionEqualsReplay(app, id);
  });

  it('when the business asks for an extension too late, then 409 with the lead time named', async () => {
    const id = await pilotIn(world, 'active'); // ends in 300 days
    travel(world, 292 * DAY);
    const late = await as(app, world.business).act(id, 'request_extension', {
      end: daysFrom(app, 100),
      reasons: 'We need more time.',
    });
    expectProblem(late, 409);
    expect(late.body.detail).to.contain('at least 15 working days before the end');
    expect(late.body.leadWorkingDays).to.equal(15);
    travel(world, -292 * DAY);
  });

  it('when the business asks for an amendment, then the regulator may refuse it, recorded with its decision', async () => {
    const id = await pilotIn(world, 'approved');
    const biz = as(app, world.business);
    const asked = expectOk(
      await biz.act(id, 'request_amendment', { description: 'Add Hải Phòng.', reasons: 'A partner bank there.' }),
    );
    expect(asked.state).to.equal('approved');
    const [request] = asked.requests as Request[];
    const refused = expectOk(
      await as(app, world.regulator).act(id, 'decide_request', {
        requestId: request.id,
        outcome: 'refused',
        decision: aDecision(app),
      }),
    );
    expect((refused.requests as Request[])[0].outcome).to.include({ granted: false });
    expect(refused.state).to.equal('approved');
    expectProblem(await biz.act(id, 'decide_request', {}), 403);
  });

  it('when the business halts its test, then it is an event with the incident report due in 72 hours, not a suspension', async () => {
    const id = await pilotIn(world, 'active');
    const biz = as(app, world.business);
    const halted = expectOk(await biz.act(id, 'halt', { reason: 'Scores look wrong; onboarding stopped.' }));
    expect(halted.state).to.equal('active');
    expect(halted.suspension).to.equal(null);
    expect((await pilotEntries(app, id)).at(-1)).to.include({ type: 'pilot.halted' });
    const clock = (halted.clocks as { clock: string; due: string }[]).find((c) => c.clock === 'halt_report')!;
    expect(Date.parse(clock.due) - app.clock.now().getTime()).to.be.closeTo(72 * 3_600_000, 60_000);
    expect(halted.allowedActions).to.include('resume').and.not.include('halt');
    expectOk(
      await biz.file(id, 'incidents', {
        occurredAt: daysFrom(app, -0.01),
        severity: 'high',
        publicSummary: 'Wrong scores.',
        confidentialDetail: 'x',
        affectedParticipants: 4,
        estimatedLoss: { amount: 1, currency: 'VND' },
      }),
      201,
    );
    const after = expectOk(await biz.get(id));
    expect((after.clocks as { clock: string }[]).map((c) => c.clock)).not.to.include('halt_report');
    expect(expectOk(await biz.act(id, 'resume', { reason: 'Fixed.' })).allowedActions).to.include('halt');
    await expectProjectionEqualsReplay(app, id);
  });
});
