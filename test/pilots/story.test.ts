// The full story of a realistic pilot, as one readable walk through the API, ending with the ledger
// entries it left, in order: apply, request changes, approve with two exemptions and four conditions,
// monthly reports with one overdue, an incident, a claim upheld, an extension, a suspension,
// reinstatement, completion.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import {
  aDecision,
  anApplication,
  as,
  DAY,
  daysFrom,
  exemption,
  expectOk,
  reporting,
  runJob,
  sandboxWorld,
  startPilotApp,
  travel,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

const HOUR = 3600;

describe('the story of a pilot, from application to exit', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  /** Moves the clock to `offsetSeconds` around an instant. */
  const travelTo = (iso: string, offsetSeconds: number) =>
    travel(world, Math.round((Date.parse(iso) - app.clock.now().getTime()) / 1000) + offsetSeconds);
  const monthlyReport = (participants: number) => ({
    metrics: {
      participants,
      transactions: participants * 3,
      volume: { amount: participants * 1_000_000, currency: 'VND' },
      complaints: 1,
      incidents: 0,
    },
    publicSummary: `${participants} participants this month.`,
    confidentialDetail: 'Partner bank reconciliation notes.',
  });

  it('when a credit-scoring pilot goes from application to exit, then every step is one ledger entry, in order', async () => {
    const business = as(app, world.business);
    const regulator = as(app, world.regulator);

    // The business applies; the regulator asks for changes; the business edits and submits again.
    const id = expectOk(await business.createPilot(world, anApplication(app)), 201).id;
    expectOk(await business.act(id, 'submit'));
    expectOk(await regulator.act(id, 'start_review'));
    expectOk(
      await regulator.act(id, 'request_changes', {
        reason: 'Name the insurer and the complaint hotline hours.',
        deadline: daysFrom(app, 14),
      }),
    );
    expectOk(await business.edit(id, { exitPlan: 'Wind down over 60 days, loans serviced to maturity.' }));
    expectOk(await business.act(id, 'submit'));
    expectOk(await regulator.act(id, 'start_review'));

    // Approval: two exemptions, four conditions (monthly reports with a 24-hour incident deadline among them).
    const approved = expectOk(
      await regulator.act(id, 'approve', {
        decision: aDecision(app, '123/QD-NHNN'),
        start: daysFrom(app, 0),
        end: daysFrom(app, 365),
        exemptions: [exemption('Circular 10/2023/TT-NHNN, Art. 5'), exemption('Decree 94/2025/ND-CP, Art. 7')],
        conditions: [
          reporting(24),
          {
            type: 'cap',
            description: 'At most 5000 participants.',
            parameters: { metric: 'participants', limit: 5000 },
          },
          {
            type: 'insurance',
            description: 'Insured losses.',
            parameters: { coverage: { amount: 2_000_000_000, currency: 'VND' } },
          },
          {
            type: 'data_protection',
            description: 'Decree 13/2023 compliance.',
            parameters: { standard: 'Decree 13/2023/ND-CP' },
          },
        ],
      }),
    );
    expect(approved.state).to.equal('active');
    const reference = approved.reference as string;
    expect(reference).to.match(new RegExp(`^${world.agency.code}-\\d{4}-0001$`));
    const reportingCondition = (approved.conditions as { id: string; type: string }[]).find(
      (c) => c.type === 'reporting',
    )!;

    // Monthly reports: the first on time; the second is missed, the system marks it overdue (a breach); it is filed late.
    const schedule = (await regulator.read(id, 'reports')).body.schedule as { dueDate: string; status: string }[];
    expect(schedule).to.have.length(12);
    travelTo(schedule[0].dueDate, -DAY);
    expect(expectOk(await business.file(id, 'reports', monthlyReport(120)), 201)).to.include({ late: false });
    travelTo(schedule[1].dueDate, HOUR);
    const job = await runJob(world);
    expect(job.effects).to.deep.equal([{ pilot: id, kind: 'report-overdue' }]);
    expect((await runJob(world)).effects).to.deep.equal([]); // nothing twice
    const conditions = (await regulator.read(id, 'conditions')).body.items as {
      id: string;
      inBreach: boolean;
      breaches: unknown[];
    }[];
    expect(conditions.find((c) => c.id === reportingCondition.id)).to.include({ inBreach: true });
    expect(expectOk(await business.file(id, 'reports', monthlyReport(180)), 201)).to.include({
      late: true,
      dueDate: schedule[1].dueDate,
    });
    expectOk(
      await regulator.onRecord(id, 'conditions', reportingCondition.id, 'remedy', {
        reason: 'The late report was filed.',
      }),
    );
    travelTo(schedule[2].dueDate, -DAY);
    expectOk(await business.file(id, 'reports', monthlyReport(260)), 201);

    // An incident, reported two hours after it happened, with mitigation; a claim; the regulator sees the assessment and upholds it.
    const occurredAt = new Date(app.clock.now().getTime() - 2 * HOUR * 1000).toISOString();
    const incident = expectOk(
      await business.file(id, 'incidents', {
        occurredAt,
        severity: 'high',
        publicSummary: 'Scoring outage denied 40 applications.',
        confidentialDetail: 'Root cause: expired certificate at the partner bank.',
        affectedParticipants: 40,
        estimatedLoss: { amount: 80_000_000, currency: 'VND' },
        mitigationSteps: [{ at: app.clock.now().toISOString(), description: 'Applications re-scored manually.' }],
      }),
      201,
    );
    const claim = expectOk(
      await business.file(id, 'claims', {
        incidentId: incident.id,
        statement: 'The outage had an objective cause.',
        confidentialDetail: 'Claimed amounts per participant.',
      }),
      201,
    );
    const claims = (await regulator.read(id, 'claims')).body.items as {
      id: string;
      assessment: Record<string, unknown>;
      allowedActions: string[];
    }[];
    expect(claims[0].assessment).to.deep.include({ conditionsInBreach: [] });
    expect(claims[0].assessment.reporting).to.deep.include({ delayHours: 2, deadlineHours: 24, withinDeadline: true });
    expect(claims[0].assessment.findings).to.deep.equal({
      withinScope: null, // the incident names no province
      conditionsKept: true,
      reportedPromptly: true,
      mitigationRecorded: true,
    });
    expect(claims[0].allowedActions).to.deep.equal(['rule']);
    const ruled = expectOk(
      await regulator.onRecord(id, 'claims', claim.id, 'rule', {
        outcome: 'upheld',
        reasons: 'Conditions kept; reported in 2 hours.',
        decision: aDecision(app, '45/QD-NHNN'),
      }),
    );
    expect((ruled.claims as { ruling: { outcome: string } }[])[0].ruling.outcome).to.equal('upheld');

    // Extension, suspension (the exemptions with it), reinstatement (the exemptions back).
    expectOk(await regulator.act(id, 'extend', { decision: aDecision(app, '77/QD-NHNN'), end: daysFrom(app, 600) }));
    const suspended = expectOk(
      await regulator.act(id, 'suspend', { decision: aDecision(app, '80/QD-NHNN', 'Audit of the scoring model.') }),
    );
    expect((suspended.exemptions as { state: string }[]).map((x) => x.state)).to.deep.equal(['suspended', 'suspended']);
    const reinstated = expectOk(
      await regulator.act(id, 'reinstate', { decision: aDecision(app, '81/QD-NHNN', 'Audit passed.') }),
    );
    expect((reinstated.exemptions as { state: string }[]).map((x) => x.state)).to.deep.equal(['active', 'active']);

    // Exit: the business files its exit report; the regulator completes the pilot with the obligations still open.
    expectOk(
      await business.file(id, 'exit-report', {
        publicSummary: 'Graduating to a full licence.',
        confidentialDetail: 'Portfolio tape.',
      }),
      201,
    );
    const completed = expectOk(
      await regulator.act(id, 'complete', {
        decision: aDecision(app, '99/QD-NHNN'),
        outcome: 'graduated',
        openObligations: [
          { description: 'Loans issued in the sandbox are serviced to maturity.', dueBy: daysFrom(app, 720) },
        ],
      }),
    );
    expect(completed.state).to.equal('completed');
    expect(completed.allowedActions).to.deep.equal([]);

    const entries = await pilotEntries(app, id);
    expect(entries.map((e) => e.type)).to.deep.equal([
      'pilot.created',
      'pilot.submitted',
      'pilot.review_started',
      'pilot.changes_requested',
      'pilot.edited',
      'pilot.submitted',
      'pilot.review_started',
      'pilot.approved',
      'report.filed',
      'report.overdue',
      'report.filed',
      'condition.remedied',
      'report.filed',
      'incident.reported',
      'claim.filed',
      'claim.ruled',
      'pilot.extended',
      'pilot.suspended',
      'pilot.reinstated',
      'exit_report.filed',
      'pilot.completed',
    ]);
    // Named by the opaque id until approval, by the reference from approval on; actors by role and agency only.
    expect(entries.map((e) => e.subject)).to.deep.equal([
      ...Array(7).fill(`pilot:${id}`),
      ...Array(14).fill(reference),
    ]);
    expect(entries.map((e) => e.actor.role)).to.deep.equal([
      'business',
      'business',
      'regulator',
      'regulator',
      'business',
      'business',
      'regulator',
      'regulator',
      'business',
      'system',
      'business',
      'regulator',
      'business',
      'business',
      'business',
      'regulator',
      'regulator',
      'regulator',
      'regulator',
      'business',
      'regulator',
    ]);
    expect(
      entries.filter((e) => e.actor.role === 'regulator').every((e) => e.actor.agency === world.agency.code),
    ).to.equal(true);
    expect(entries[7].data).to.include({ pilot: id, reference, from: 'under_review', to: 'active' });
    // Before approval the public data is the envelope only.
    for (const e of entries.slice(0, 7))
      expect(Object.keys(e.data).sort()).to.deep.equal(['agency', 'from', 'pilot', 'to']);
    await expectProjectionEqualsReplay(app, id);
  });
});
