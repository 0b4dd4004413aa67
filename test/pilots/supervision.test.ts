// Supervision of an active pilot: exemptions granted, modified, suspended, reinstated, revoked and
// expired; conditions breached and remedied; the programme's limits on approval and extension; the
// business suspending its own pilot after an incident; a claim whose assessment shows a breach.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import {
  aDecision,
  approval,
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
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

interface Exemption {
  id: string;
  state: string;
  legalReference: string;
  allowedActions: string[];
  history: { action: string; before: unknown; after: unknown }[];
}

describe('supervision of a pilot', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when a regulator grants, modifies, suspends, reinstates and revokes an exemption, then each is one entry and wrong moves are 409', async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const granted = expectOk(
      await reg.file(id, 'exemptions', {
        decision: aDecision(app),
        exemption: exemption('Law on Credit Institutions, Art. 9'),
      }),
      201,
    ) as unknown as Exemption;
    expect(granted.state).to.equal('active');
    const modified = expectOk(
      await reg.onRecord(id, 'exemptions', granted.id, 'modify', {
        decision: aDecision(app),
        changes: { limits: ['loans up to 20m VND'] },
      }),
    );
    const after = (modified.exemptions as Exemption[]).find((x) => x.id === granted.id)!;
    expect(after.history.at(-1)).to.deep.include({
      action: 'modify',
      before: { limits: ['loans up to 50m VND'] },
      after: { limits: ['loans up to 20m VND'] },
    });
    expectOk(await reg.onRecord(id, 'exemptions', granted.id, 'suspend', { decision: aDecision(app) }));
    const twice = await reg.onRecord(id, 'exemptions', granted.id, 'suspend', { decision: aDecision(app) });
    expectProblem(twice, 409);
    expect(twice.body.allowedActions).to.have.members(['modify', 'reinstate', 'revoke']);
    expectOk(await reg.onRecord(id, 'exemptions', granted.id, 'reinstate', { decision: aDecision(app) }));
    const revoked = expectOk(await reg.onRecord(id, 'exemptions', granted.id, 'revoke', { decision: aDecision(app) }));
    expect((revoked.exemptions as Exemption[]).find((x) => x.id === granted.id)!.allowedActions).to.deep.equal([]);
    expectProblem(
      await reg.onRecord(id, 'exemptions', '0123456789abcdef01234567', 'revoke', { decision: aDecision(app) }),
      404,
    );
    expect((await pilotEntries(app, id)).slice(-5).map((e) => e.type)).to.deep.equal([
      'exemption.granted',
      'exemption.modified',
      'exemption.suspended',
      'exemption.reinstated',
      'exemption.revoked',
    ]);
    await expectProjectionEqualsReplay(app, id);
  });

  it('when an amendment changes exemptions and conditions, then the entry records each before and after', async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const pilot = expectOk(await reg.get(id));
    const [x] = pilot.exemptions as Exemption[];
    const cap = (pilot.conditions as { id: string; type: string }[]).find((c) => c.type === 'cap')!;
    expectOk(
      await reg.act(id, 'amend', {
        decision: aDecision(app),
        exemptions: { modify: [{ id: x.id, changes: { legalReference: 'Circular 10/2023/TT-NHNN, Art. 5-6' } }] },
        conditions: {
          modify: [
            {
              id: cap.id,
              description: 'At most 8000 participants.',
              parameters: { metric: 'participants', limit: 8000 },
            },
          ],
        },
      }),
    );
    const entry = (await pilotEntries(app, id)).at(-1)!;
    expect(entry.type).to.equal('pilot.amended');
    expect(entry.data.exemptions).to.deep.include({
      modified: [
        {
          id: x.id,
          before: { legalReference: x.legalReference },
          after: { legalReference: 'Circular 10/2023/TT-NHNN, Art. 5-6' },
        },
      ],
    });
    expect(JSON.stringify(entry.data.conditions)).to.include('"limit":8000').and.include('"limit":5000');
    await expectProjectionEqualsReplay(app, id);
  });

  it('when approval or extension goes beyond the programme, then 400 or 409 and nothing is recorded', async () => {
    const id = await pilotIn(world, 'under_review');
    const reg = as(app, world.regulator);
    const tooLong = await reg.act(id, 'approve', approval(app, 0, 800)); // the programme allows 24 months
    expectProblem(tooLong, 400);
    expect(tooLong.body.errors[0].field).to.equal('end');
    expectProblem(await reg.act(id, 'approve', { ...approval(app), exemptions: [] }), 400); // at least one exemption
    const active = await pilotIn(world, 'active'); // ends in 300 days
    expectProblem(await reg.act(active, 'extend', { decision: aDecision(app), end: daysFrom(app, 700) }), 400); // > 12 months more
    expectOk(await reg.act(active, 'extend', { decision: aDecision(app), end: daysFrom(app, 600) }));
    expectOk(await reg.act(active, 'extend', { decision: aDecision(app), end: daysFrom(app, 900) }));
    const third = await reg.act(active, 'extend', { decision: aDecision(app), end: daysFrom(app, 1000) }); // at most 2
    expectProblem(third, 409);
    expect((await pilotEntries(app, active)).filter((e) => e.type === 'pilot.extended')).to.have.length(2);
  });

  it('when a business suspends its own pilot, then only after an incident it cites; suspending suspends the exemptions too', async () => {
    const id = await pilotIn(world, 'active');
    const biz = as(app, world.business);
    expect(expectOk(await biz.get(id)).allowedActions).to.not.include('suspend');
    expectProblem(await biz.act(id, 'suspend', { incidentId: 'none', reason: 'x' }), 409);
    const incident = expectOk(
      await biz.file(id, 'incidents', {
        occurredAt: app.clock.now().toISOString(),
        severity: 'critical',
        publicSummary: 'Data exposure.',
        confidentialDetail: 'x',
        affectedParticipants: 12,
        estimatedLoss: { amount: 0, currency: 'VND' },
      }),
      201,
    );
    expect(expectOk(await biz.get(id)).allowedActions).to.include('suspend');
    const suspended = expectOk(
      await biz.act(id, 'suspend', { incidentId: incident.id, reason: 'We stop onboarding until fixed.' }),
    );
    expect(suspended.suspension).to.deep.include({ by: 'business', incidentId: incident.id });
    expect((suspended.exemptions as Exemption[]).every((x) => x.state === 'suspended')).to.equal(true);
    expect((await pilotEntries(app, id)).at(-1)!.actor).to.deep.equal({ role: 'business', agency: null });
  });

  it("when a condition was in breach at the time of an incident, then the claim's assessment shows it, and a denial is recorded with reasons", async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const biz = as(app, world.business);
    const insurance = (expectOk(await reg.get(id)).conditions as { id: string; type: string }[]).find(
      (c) => c.type === 'insurance',
    )!;
    expectOk(await reg.onRecord(id, 'conditions', insurance.id, 'breach', { reason: 'The policy lapsed.' }));
    expectProblem(await reg.onRecord(id, 'conditions', insurance.id, 'breach', { reason: 'again' }), 409);
    travel(world, 2 * DAY);
    const incident = expectOk(
      await biz.file(id, 'incidents', {
        occurredAt: daysFrom(app, -1.5),
        severity: 'medium',
        publicSummary: 'Wrong scores.',
        confidentialDetail: 'x',
        affectedParticipants: 3,
        estimatedLoss: { amount: 5_000_000, currency: 'VND' },
      }),
      201,
    );
    const claim = expectOk(
      await biz.file(id, 'claims', { incidentId: incident.id, statement: 'Objective.', confidentialDetail: 'x' }),
      201,
    );
    const [shown] = (await reg.read(id, 'claims')).body.items as {
      assessment: {
        conditionsInBreach: { conditionId: string }[];
        reporting: { withinDeadline: boolean; delayHours: number };
        findings: Record<string, boolean>;
      };
    }[];
    expect(shown.assessment.conditionsInBreach.map((c) => c.conditionId)).to.deep.equal([insurance.id]);
    expect(shown.assessment.reporting).to.include({ delayHours: 36, withinDeadline: false });
    expect(shown.assessment.findings).to.deep.equal({
      withinScope: null,
      conditionsKept: false,
      reportedPromptly: false,
      mitigationRecorded: false,
    });
    expectOk(
      await reg.onRecord(id, 'claims', claim.id, 'rule', {
        outcome: 'denied',
        reasons: 'Insurance had lapsed; reported late.',
        decision: aDecision(app),
      }),
    );
    expectProblem(
      await reg.onRecord(id, 'claims', claim.id, 'rule', { outcome: 'upheld', reasons: 'x', decision: aDecision(app) }),
      409,
    );
    expectOk(await reg.onRecord(id, 'conditions', insurance.id, 'remedy', { reason: 'Policy renewed.' }));
    const pub = (await as(app, null).read(id, 'claims')).body.items as {
      ruling: { outcome: string; reasons: string };
    }[];
    expect(pub[0].ruling).to.include({ outcome: 'denied', reasons: 'Insurance had lapsed; reported late.' });
    await expectProjectionEqualsReplay(app, id);
  });

  it("when a pilot is completed, then only with an exit report; when an exemption's validity ends, then the system expires it", async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    const missing = await reg.act(id, 'complete', { decision: aDecision(app), outcome: 'ceased' });
    expectProblem(missing, 409);
    expect(missing.body.missing).to.deep.equal(['exitReport']);

    const short = expectOk(
      await reg.file(id, 'exemptions', {
        decision: aDecision(app),
        exemption: { ...exemption('Decree 52/2013, Art. 3'), validUntil: daysFrom(app, 10) },
      }),
      201,
    );
    travel(world, 11 * DAY);
    const job = await runJob(world);
    expect(job.effects).to.deep.include({ pilot: id, kind: 'exemption-expire' });
    const after = expectOk(await reg.get(id));
    expect((after.exemptions as Exemption[]).find((x) => x.id === short.id)!.state).to.equal('expired');
    expect(after.state).to.equal('active');
    const expired = (await pilotEntries(app, id)).find((e) => e.type === 'exemption.expired')!;
    expect(expired.actor).to.deep.equal({ role: 'system', agency: null });

    expectOk(
      await as(app, world.business).file(id, 'exit-report', { publicSummary: 'Ceasing.', confidentialDetail: 'x' }),
      201,
    );
    const done = expectOk(
      await reg.act(id, 'complete', {
        decision: aDecision(app),
        outcome: 'ceased',
        openObligations: [{ description: 'Refund deposits.' }],
      }),
    );
    expect(done.completion).to.deep.include({
      outcome: 'ceased',
      openObligations: [{ description: 'Refund deposits.', dueBy: null }],
    });
    await expectProjectionEqualsReplay(app, id);
  });
});
