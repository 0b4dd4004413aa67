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
  registerProgramme,
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

describe('who decides, and who was consulted', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when the regulator consults a ministry, then its answer and time are recorded, the question and answer kept from the public', async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const asked = expectOk(
      await reg.act(id, 'consult', { authority: 'Ministry of Public Security', question: 'Data localisation?' }),
    );
    const [c] = asked.consultations as { id: string; answeredAt: string | null }[];
    expect(c.answeredAt).to.equal(null);
    expect(asked.allowedActions).to.include('record_consultation_answer');
    const answered = expectOk(
      await reg.act(id, 'record_consultation_answer', { consultationId: c.id, answer: 'Keep data in Vietnam.' }),
    );
    expect((answered.consultations as { answeredAt: string | null }[])[0].answeredAt).to.be.a('string');
    const pub = expectOk(await as(app, null).get(id));
    expect((pub.consultations as Record<string, unknown>[])[0]).to.include({
      authority: 'Ministry of Public Security',
    });
    expect(JSON.stringify(pub)).not.to.contain('Keep data in Vietnam');
    await expectProjectionEqualsReplay(app, id);
  });

  it('when a programme names deciding units, then approval may name one of them and no other', async () => {
    const res = await registerProgramme(app, world.admin, world.agency, {
      code: `${world.agency.code}-BRANCH`,
      name: 'Credit scoring at the regional branches',
      legalBasis: 'Decree 94/2025/ND-CP; Circular 19/2026/TT-NHNN',
      solutionTypes: ['credit-scoring'],
      decidingUnits: ['SBV Region 1 (Hà Nội)', 'SBV Region 2 (HCMC)'],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const biz = as(app, world.business);
    const reg = as(app, world.regulator);
    const id = expectOk(
      await biz.createPilot({ ...world, programme: { ...world.programme, id: res.body.id as string } }),
      201,
    ).id;
    expectOk(await biz.act(id, 'submit'));
    expectOk(await reg.act(id, 'start_review'));
    const approval = {
      decision: aDecision(app),
      start: daysFrom(app, 0),
      end: daysFrom(app, 300),
      exemptions: [{ legalReference: 'Circular 10/2023/TT-NHNN, Art. 5', description: 'Waived' }],
    };
    expectProblem(await reg.act(id, 'approve', { ...approval, decidingUnit: 'SBV Head Office' }), 400);
    const ok = expectOk(await reg.act(id, 'approve', { ...approval, decidingUnit: 'SBV Region 2 (HCMC)' }));
    expect(ok.decidingUnit).to.equal('SBV Region 2 (HCMC)');
  });
});
