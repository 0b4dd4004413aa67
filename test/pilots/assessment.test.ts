// The compliance assessment of an exemption claim checks what Law 93/2025 Art. 23 asks: inside the approved
// scope when the incident happened, conditions kept, reported within the window, damage limited; and the
// regulator's finding on fraud or intent (Art. 9(3)), which excludes exemption. The public sees the criteria
// recorded with the ruling on the pilot's page.
import { expect } from 'chai';
import { expectProblem } from '../support/actors.ts';
import type { TestApp } from '../support/app.ts';
import {
  aDecision,
  approval,
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
import { expectProjectionEqualsReplay } from '../support/replay.ts';

interface Criterion {
  id: string;
  met: boolean | null;
  evidence: Record<string, unknown>;
}
interface Assessment {
  liability: string | null;
  criteria: Criterion[];
  reporting: { deadlineHours: number; deadlineSource: string; withinDeadline: boolean };
  findings: Record<string, boolean | null>;
  exemptionPossible: boolean | null;
}

const incident = (app: TestApp, extra: Record<string, unknown> = {}) => ({
  occurredAt: daysFrom(app, -0.1),
  severity: 'medium',
  publicSummary: 'Wrong scores for a batch of applicants.',
  confidentialDetail: 'x',
  affectedParticipants: 3,
  estimatedLoss: { amount: 5_000_000, currency: 'VND' },
  mitigationSteps: [{ at: daysFrom(app, 0), description: 'Scores recomputed by hand.' }],
  ...extra,
});

describe('the compliance assessment of an exemption claim', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  async function claimOn(id: string, incidentBody: Record<string, unknown>, liability?: string) {
    const biz = as(app, world.business);
    const i = expectOk(await biz.file(id, 'incidents', incidentBody), 201);
    const c = expectOk(
      await biz.file(id, 'claims', {
        incidentId: i.id,
        statement: 'Objective cause.',
        confidentialDetail: 'x',
        ...(liability ? { liability } : {}),
      }),
      201,
    );
    const claims = (await as(app, world.regulator).read(id, 'claims')).body.items as {
      id: string;
      assessment: Assessment;
    }[];
    return { claimId: c.id, assessment: claims.find((x) => x.id === c.id)!.assessment };
  }
  const criterion = (a: Assessment, id: string) => a.criteria.find((c) => c.id === id)!;

  it('when the incident happened inside the approved provinces and period, then every criterion but the fraud finding is met', async () => {
    const id = await pilotIn(world, 'active');
    travel(world, DAY);
    const { assessment } = await claimOn(id, incident(app, { province: 'Đà Nẵng' }), 'civil_third_party');
    expect(assessment.liability).to.equal('civil_third_party');
    expect(criterion(assessment, 'scope').met).to.equal(true);
    expect(criterion(assessment, 'conditions').met).to.equal(true);
    expect(criterion(assessment, 'reporting').met).to.equal(true);
    expect(criterion(assessment, 'mitigation').met).to.equal(true);
    expect(criterion(assessment, 'fraud').met).to.equal(null);
    expect(assessment.exemptionPossible).to.equal(null);
  });

  it('when the incident happened outside the approved provinces, then the scope criterion is not met, with the provinces as evidence', async () => {
    const id = await pilotIn(world, 'active');
    const { assessment } = await claimOn(id, incident(app, { province: 'Cần Thơ' }));
    const scope = criterion(assessment, 'scope');
    expect(scope.met).to.equal(false);
    expect(scope.evidence.province).to.deep.equal({
      incident: 'Cần Thơ',
      approved: ['Hà Nội', 'Đà Nẵng'],
      inProvinces: false,
    });
    expect(assessment.findings.withinScope).to.equal(false);
    expect(assessment.exemptionPossible).to.equal(false);
  });

  it('when the incident happened while the pilot was suspended, then the scope criterion is not met and names the suspension', async () => {
    const id = await pilotIn(world, 'suspended');
    travel(world, DAY);
    const { assessment } = await claimOn(id, incident(app, { province: 'Hà Nội' }));
    const scope = criterion(assessment, 'scope');
    expect(scope.met).to.equal(false);
    expect(scope.evidence.suspendedThen).to.include({ by: 'regulator', until: null });
    expect((scope.evidence.exemptions as { stateThen: string; valid: boolean }[])[0]).to.include({
      stateThen: 'suspended',
      valid: false,
    });
    await expectProjectionEqualsReplay(app, id);
  });

  it('when the incident happened after the pilot expired, then it was outside the approved period', async () => {
    const id = await pilotIn(world, 'expired');
    const { assessment } = await claimOn(id, incident(app, { province: 'Hà Nội' }));
    const scope = criterion(assessment, 'scope');
    expect(scope.met).to.equal(false);
    expect(scope.evidence.period).to.include({ inPeriod: false });
  });

  it('when no condition sets an incident-report window, then the programme’s (72 hours by default) applies', async () => {
    const biz = as(app, world.business);
    const reg = as(app, world.regulator);
    const id = expectOk(await biz.createPilot(world), 201).id;
    expectOk(await biz.act(id, 'submit'));
    expectOk(await reg.act(id, 'start_review'));
    expectOk(await reg.act(id, 'approve', { ...approval(app, 0, 300), conditions: [] }));
    travel(world, 5 * DAY);
    const { assessment } = await claimOn(id, incident(app, { occurredAt: daysFrom(app, -2.5) }));
    expect(assessment.reporting).to.include({ deadlineHours: 72, deadlineSource: 'programme', withinDeadline: true });
    const late = await claimOn(id, incident(app, { occurredAt: daysFrom(app, -3.5) }));
    expect(late.assessment.reporting).to.include({ withinDeadline: false });
  });

  it('when the regulator finds fraud or intent, then an upheld outcome is refused; a denial records the finding and the criteria, shown on the public page', async () => {
    const id = await pilotIn(world, 'active');
    travel(world, DAY);
    const reg = as(app, world.regulator);
    const { claimId } = await claimOn(id, incident(app, { province: 'Hà Nội' }), 'civil_state');
    const refused = await reg.onRecord(id, 'claims', claimId, 'rule', {
      outcome: 'upheld',
      fraudOrIntent: 'found',
      reasons: 'x',
      decision: aDecision(app),
    });
    expectProblem(refused, 400);
    expect(JSON.stringify(refused.body)).to.contain('Art. 9(3)');
    expectProblem(
      await reg.onRecord(id, 'claims', claimId, 'rule', {
        outcome: 'partly_upheld',
        fraudOrIntent: 'found',
        reasons: 'x',
        decision: aDecision(app),
      }),
      400,
    );
    expectOk(
      await reg.onRecord(id, 'claims', claimId, 'rule', {
        outcome: 'denied',
        fraudOrIntent: 'found',
        reasons: 'Scores were altered on purpose.',
        decision: aDecision(app),
      }),
    );
    const pub = (await as(app, null).read(id, 'claims')).body.items as {
      liability: string;
      ruling: { fraudOrIntent: string; assessment: Assessment };
    }[];
    expect(pub[0].liability).to.equal('civil_state');
    expect(pub[0].ruling.fraudOrIntent).to.equal('found');
    expect(pub[0].ruling.assessment.criteria.map((c) => [c.id, c.met])).to.deep.equal([
      ['scope', true],
      ['conditions', true],
      ['reporting', true],
      ['mitigation', true],
      ['fraud', false],
    ]);
    const reference = expectOk(await reg.get(id)).reference as string;
    const page = await app.http.get(`/pilots/${reference}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Compliance assessment');
    expect(page.text).to.contain('data-criterion="fraud"');
    expect(page.text).to.contain('civil: damage to the State');
    const vi = await app.http.get(`/pilots/${reference}?lang=vi`);
    expect(vi.text).to.contain('Đánh giá sự tuân thủ');
    await expectProjectionEqualsReplay(app, id);
  });

  it('when a claim names no liability or fraud finding, then old clients still file and rule as before', async () => {
    const id = await pilotIn(world, 'active');
    const { claimId, assessment } = await claimOn(id, incident(app));
    expect(assessment.liability).to.equal(null);
    expectOk(
      await as(app, world.regulator).onRecord(id, 'claims', claimId, 'rule', {
        outcome: 'upheld',
        reasons: 'Kept the conditions.',
        decision: aDecision(app),
      }),
    );
  });
});
