// One chance to explain (Decree 94/2025 Art. 17) and the statutory clocks in working days: a request for
// explanation gets the programme's deadline in Vietnamese working days (across Tết, with the admin's
// calendar), the agency's decision clock stands still while the applicant explains, a second request is
// refused unless the programme allows it, and an unanswered request returns the dossier.
import { expect } from 'chai';
import { expectProblem } from '../support/actors.ts';
import type { TestApp } from '../support/app.ts';
import {
  as,
  DAY,
  expectOk,
  registerProgramme,
  runJob,
  sandboxWorld,
  startPilotApp,
  travel,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

interface Clock {
  clock: string;
  due: string;
  running: boolean;
}

describe('one chance to explain, on working-day clocks', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    // Wednesday 3 February 2027, 10:00 in Hà Nội: the week before the lunar New Year (Saturday 6 February).
    travel(world, (Date.parse('2027-02-03T03:00:00Z') - app.clock.now().getTime()) / 1000);
  });
  after(() => app.close());

  const underReview = async (programmeId = world.programme.id) => {
    const biz = as(app, world.business);
    const id = expectOk(
      await biz.createPilot({ ...world, programme: { ...world.programme, id: programmeId } }),
      201,
    ).id;
    expectOk(await biz.act(id, 'submit'));
    expectOk(await as(app, world.regulator).act(id, 'start_review'));
    return id;
  };

  it('when an admin sets the year’s extra days off, then they are listed and refused outside their year', async () => {
    const set = await app.http
      .put('/api/v1/admin/calendar')
      .set(world.admin.auth)
      .send({ year: 2027, daysOff: ['2027-02-04', '2027-02-08', '2027-02-09', '2027-02-10'] });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    const list = await app.http.get('/api/v1/admin/calendar').set(world.admin.auth);
    expect(list.body.items).to.deep.include({ ...set.body });
    const wrong = await app.http
      .put('/api/v1/admin/calendar')
      .set(world.admin.auth)
      .send({ year: 2027, daysOff: ['2028-01-02'] });
    expectProblem(wrong, 400);
    expectProblem(await app.http.put('/api/v1/admin/calendar').set(world.regulator.auth).send({ year: 2027 }), 403);
  });

  it('when the regulator asks for an explanation across Tết, then the deadline is 7 working days on: Friday 19 February', async () => {
    const id = await underReview();
    const reg = as(app, world.regulator);
    const before = expectOk(await reg.get(id)).clocks as Clock[];
    expect(before.map((c) => [c.clock, c.running])).to.deep.equal([['decision', true]]);
    const asked = expectOk(await reg.act(id, 'request_changes', { reason: 'Explain the exit plan.' }));
    expect(asked.changesRequested).to.include({ deadline: '2027-02-19T16:59:59.999Z' });
    const clocks = asked.clocks as Clock[];
    expect(clocks).to.deep.include({ clock: 'explanation', due: '2027-02-19T16:59:59.999Z', running: true });
    expect(clocks.find((c) => c.clock === 'decision')).to.include({ running: false, due: before[0].due });
    await expectProjectionEqualsReplay(app, id);
  });

  it('when the applicant answers, then the decision clock moves on by the working days it took, and a second request is refused', async () => {
    const id = await underReview();
    const reg = as(app, world.regulator);
    const due = (expectOk(await reg.get(id)).clocks as Clock[])[0].due;
    expectOk(await reg.act(id, 'request_changes', { reason: 'Explain the exit plan.' }));
    travel(world, 8 * DAY); // Thursday 11 February: working days 11 only (4 and 8–10 off) — one day paused
    expectOk(await as(app, world.business).act(id, 'submit'));
    const resumed = (expectOk(await reg.get(id)).clocks as Clock[])[0];
    expect(resumed.running).to.equal(true);
    expect(Date.parse(resumed.due)).to.be.greaterThan(Date.parse(due));
    expectOk(await reg.act(id, 'start_review'));
    const again = await reg.act(id, 'request_changes', { reason: 'And the budget.' });
    expectProblem(again, 409);
    expect(again.body.detail).to.contain('allows 1 request(s) for explanation');
    travel(world, -8 * DAY);
  });

  it('when the programme allows a second request, then it is accepted', async () => {
    const res = await registerProgramme(app, world.admin, world.agency, {
      code: `${world.agency.code}-TWICE`,
      name: 'Banking sandbox, two requests',
      solutionTypes: ['credit-scoring'],
      explanationRequests: 2,
      explanationWorkingDays: 3,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ explanationRequests: 2, explanationWorkingDays: 3, incidentReportHours: 72 });
    const id = await underReview(res.body.id as string);
    const reg = as(app, world.regulator);
    expectOk(await reg.act(id, 'request_changes', { reason: 'Explain.' }));
    expectOk(await as(app, world.business).act(id, 'submit'));
    expectOk(await reg.act(id, 'start_review'));
    const second = expectOk(await reg.act(id, 'request_changes', { reason: 'Explain again.' }));
    expect(second.state).to.equal('changes_requested');
  });

  it('when the explanation does not come by the deadline, then the system returns the dossier (not lapsed)', async () => {
    const id = await underReview();
    expectOk(await as(app, world.regulator).act(id, 'request_changes', { reason: 'Explain the exit plan.' }));
    travel(world, 17 * DAY); // Saturday 20 February
    const job = await runJob(world);
    expect(job.effects).to.deep.include({ pilot: id, kind: 'return' });
    const pilot = expectOk(await as(app, world.business).get(id));
    expect(pilot.state).to.equal('returned');
    expect(pilot.allowedActions).to.deep.equal([]);
    expect((await pilotEntries(app, id)).at(-1)).to.include({ type: 'pilot.returned' });
    await expectProjectionEqualsReplay(app, id);
    travel(world, -17 * DAY);
  });
});
