// The dossier beyond the test (Decree 94/2025 Arts. 8–9, Decree 142/2026 Art. 24): the applicant's kind,
// its board's approval, the test plan and key staff are recorded with the application (confidential
// where they should be), and a test that puts lives or health at risk must be insured.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { anApplication, as, expectOk, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

describe('the dossier', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  const dossier = {
    applicantType: 'fintech_company',
    boardApproval: { reference: 'NQ-12/2026/HĐQT', approvedAt: '2026-11-20' },
    testPlan: {
      budget: { amount: 5_000_000_000, currency: 'VND' },
      reporting: 'Monthly to the SBV.',
      windDown: 'Loans run to term.',
    },
    keyStaff: [{ name: 'Phạm Thu Hà', role: 'Test lead', qualifications: '10 years in credit risk' }],
  };

  it('when an application carries its dossier, then the parties see it whole and the public sees only the applicant kind', async () => {
    const business = as(app, world.business);
    const id = expectOk(await business.createPilot(world, { ...anApplication(app), ...dossier }), 201).id;
    const party = expectOk(await business.get(id)) as unknown as { application: typeof dossier };
    expect(party.application.keyStaff[0].name).to.equal('Phạm Thu Hà');
    expect(party.application.boardApproval.reference).to.equal('NQ-12/2026/HĐQT');
    expectOk(await business.act(id, 'submit'));
    const anonymous = await app.http.get(`/api/v1/pilots/${id}`);
    expect(JSON.stringify(anonymous.body)).to.not.include('Phạm Thu Hà');
  });

  it('when a test puts lives or health at risk without insurance, then submission is refused naming the law', async () => {
    const business = as(app, world.business);
    const application = anApplication(app) as Record<string, unknown> & {
      safeguards: { compensation: { kind: string } };
    };
    const id = expectOk(
      await business.createPilot(world, {
        ...application,
        livesOrHealthAtRisk: true,
        safeguards: {
          ...application.safeguards,
          compensation: { ...application.safeguards.compensation, kind: 'fund' },
        },
      }),
      201,
    ).id;
    const refused = await business.act(id, 'submit');
    expect(refused.status).to.equal(400);
    expect(JSON.stringify(refused.body)).to.include('application.safeguards.compensation.kind').and.include('Art. 24');
  });
});
