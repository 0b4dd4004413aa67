// Supervision acts (Decree 94/2025 Art. 14): an on-site inspection announced with the programme's notice
// in working days, its findings recorded; a written warning, a decision, with a deadline for remedy.
import { expect } from 'chai';
import { expectProblem } from '../support/actors.ts';
import type { TestApp } from '../support/app.ts';
import {
  aDecision,
  as,
  daysFrom,
  expectOk,
  pilotIn,
  sandboxWorld,
  startPilotApp,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

describe('inspections and warnings', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when an inspection is announced with less than 3 working days’ notice, then 400 naming the notice; with enough, its findings are recorded', async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const short = await reg.act(id, 'announce_inspection', { date: daysFrom(app, 1), purpose: 'Scoring records.' });
    expectProblem(short, 400);
    expect(short.body.errors[0].reason).to.contain("at least 3 working days' notice");
    const announced = expectOk(
      await reg.act(id, 'announce_inspection', { date: daysFrom(app, 10), purpose: 'Scoring records.' }),
    );
    const [inspection] = announced.inspections as { id: string; findings: string | null }[];
    expect((announced.clocks as { clock: string }[]).map((c) => c.clock)).to.include('inspection');
    expect(expectOk(await as(app, world.business).get(id)).state).to.equal('active');
    const recorded = expectOk(
      await reg.act(id, 'record_inspection', { inspectionId: inspection.id, findings: 'Records complete.' }),
    );
    expect((recorded.inspections as { findings: string }[])[0].findings).to.equal('Records complete.');
    expect(recorded.allowedActions).not.to.include('record_inspection');
    await expectProjectionEqualsReplay(app, id);
  });

  it('when the regulator warns in writing with a deadline for remedy, then it is a public decision with its clock', async () => {
    const id = await pilotIn(world, 'active');
    const warned = expectOk(
      await as(app, world.regulator).act(id, 'warn', { decision: aDecision(app), remedyBy: daysFrom(app, 14) }),
    );
    expect(warned.state).to.equal('active');
    expect((warned.clocks as { clock: string }[]).map((c) => c.clock)).to.include('warning_remedy');
    expect((await pilotEntries(app, id)).at(-1)).to.include({ type: 'pilot.warned' });
    const pub = expectOk(await as(app, null).get(id));
    expect(pub.warnings).to.have.length(1);
    expectProblem(await as(app, world.business).act(id, 'warn', { decision: aDecision(app) }), 403);
  });
});
