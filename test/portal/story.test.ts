// The portal's story over plain HTTP, as a person's browser would send it (cookie, `_csrf`, `_version`,
// bracket names): a business applies in steps with one mistake and submits; the regulator requests
// changes; the business edits and resubmits; the regulator approves with two exemptions and three
// conditions; the business reports, reports an incident and claims; the regulator sees the assessment,
// rules, suspends, reinstates and revokes. Each step lands in the ledger, and scopes hold as in the API.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { daysFrom, pilotIn, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';
import { PortalBrowser } from '../support/portal.ts';

const day = (app: TestApp, days: number) => daysFrom(app, days).slice(0, 10);
const decision = (app: TestApp, reference: string) => ({
  'decision[reference]': reference,
  'decision[signerTitle]': 'Deputy Governor',
  'decision[signedAt]': day(app, 0),
  'decision[effectiveAt]': day(app, 0),
  'decision[legalBasis]': 'Decree 94/2025/ND-CP',
  'decision[reason]': 'The conditions of the programme are met.',
});

describe('the portal: a pilot from application to revocation, in the browser', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when a business and a regulator do their work through the portal, then every step is taken and recorded', async () => {
    const business = new PortalBrowser(app);
    await business.signIn(world.business.email, world.business.password);
    const regulator = new PortalBrowser(app);
    await regulator.signIn(world.regulator.email, world.regulator.password);

    // The first step names the programme and the test, and starts the draft.
    const start = await business.get('/portal/pilots/new');
    expect(start.status).to.equal(200);
    expect(start.html).to.include(String(world.programme.id));
    const created = await business.submit('/portal/pilots/new', '/portal/pilots/new', {
      programmeId: String(world.programme.id),
      title: 'Chấm điểm tín dụng thay thế',
      publicSummary: 'Alternative credit scoring for thin-file borrowers.',
      confidentialDescription: 'Model and partner banks.',
      sector: 'banking',
      solutionType: 'credit-scoring',
      technologies: 'ai\nopen-banking',
    });
    expect(created.status, created.html.slice(0, 2000)).to.equal(303);
    const id = /\/portal\/pilots\/([0-9a-f]{24})\/application\/applicant$/.exec(created.location ?? '')?.[1];
    expect(id, created.location ?? '').to.be.a('string');
    const step = (name: string) => `/portal/pilots/${id}/application/${name}`;

    // The applicant: its kind, licence, board approval and key staff (rows).
    const applicant = await business.submitVersioned(step('applicant'), step('applicant'), {
      applicantType: 'fintech_company',
      'licence[number]': '0108-FT/2025',
      'licence[expiresAt]': day(app, 3000),
      'boardApproval[reference]': 'NQ-12/2026/HĐQT',
      'boardApproval[approvedAt]': day(app, -10),
      'keyStaff[0][name]': 'Phạm Thu Hà',
      'keyStaff[0][role]': 'Test lead',
      'keyStaff[0][qualifications]': '10 years in credit risk',
      'keyStaff[1][name]': '',
      'keyStaff[1][role]': '',
      'keyStaff[1][qualifications]': '',
    });
    expect(applicant.status, /error-summary[\s\S]{0,1500}/.exec(applicant.html)?.[0]).to.equal(303);
    expect(applicant.location).to.equal(step('scope'));

    // One mistake: a participant cap that is not a number. It is shown by its field, with the input kept.
    const scope = {
      'scope[provinces][]': ['Hà Nội', 'Đà Nẵng'],
      'scope[participantCap]': 'many',
      'scope[monetaryCaps][0][kind]': 'per borrower',
      'scope[monetaryCaps][0][limit][amount]': '50000000',
      'scope[monetaryCaps][0][limit][currency]': 'VND',
      'scope[otherLimits]': '',
    };
    const refused = await business.submitVersioned(step('scope'), step('scope'), scope);
    expect(refused.status).to.equal(400);
    expect(refused.html).to.include('href="#f-scope-participantCap"').and.include('id="f-scope-participantCap"');
    expect(refused.html).to.include('value="many"').and.include('per borrower');
    const fixed = await business.submitVersioned(step('scope'), step('scope'), {
      ...scope,
      'scope[participantCap]': '1000',
    });
    expect(fixed.status, /error-summary[\s\S]{0,1500}/.exec(fixed.html)?.[0]).to.equal(303);
    expect(fixed.location).to.equal(step('dates'));

    const safeguards = {
      riskAssessment: 'Mis-scoring risk; capped loans.',
      'safeguards[disclosure]': 'Participants are told they take part in a test.',
      'safeguards[compensation][kind]': 'fund',
      'safeguards[compensation][amount][amount]': '2000000000',
      'safeguards[compensation][amount][currency]': 'VND',
      'safeguards[compensation][provider]': '',
      'safeguards[complaintChannel]': 'Hotline 1900 0000',
      'safeguards[dataProtection]': 'Encrypted at rest.',
    };
    for (const [name, fields] of [
      ['dates', { plannedStart: day(app, 30), plannedEnd: day(app, 400) }],
      [
        'exemptions',
        {
          'requestedExemptions[0][legalReference]': 'Circular 10/2023/TT-NHNN, Art. 5',
          'requestedExemptions[0][justification]': 'Scoring without a credit history.',
          'requestedExemptions[1][legalReference]': 'Decree 13/2023/ND-CP, Art. 11',
          'requestedExemptions[1][justification]': 'Consent collected in the app.',
        },
      ],
      ['safeguards', safeguards],
      ['exit', { exitPlan: 'Loans run to term; data deleted after 90 days.' }],
    ] as [string, Record<string, string>][]) {
      const saved = await business.submitVersioned(step(name), step(name), fields);
      expect(saved.status, `${name}: ${saved.html.slice(0, 3000)}`).to.equal(303);
    }
    const review = await business.get(step('review'));
    expect(review.html).to.not.include('class="error-summary"');
    const submitted = await business.submitVersioned(step('review'), `/portal/pilots/${id}/application/submit`, {});
    expect(submitted.status).to.equal(303);

    // The regulator finds it in the queue, starts the review and requests changes.
    const dashboard = await regulator.get('/portal');
    expect(dashboard.html).to.include('Chấm điểm tín dụng thay thế');
    const page = `/portal/pilots/${id}`;
    expect((await regulator.submitVersioned(page, `${page}/actions/start_review`, {})).status).to.equal(303);
    const asked = await regulator.submitVersioned(page, `${page}/actions/request_changes`, {
      reason: 'Name the insurer.',
      deadline: day(app, 14),
    });
    expect(asked.status, asked.html.slice(0, 3000)).to.equal(303);

    // The business sees the request, edits and resubmits.
    const attention = await business.get('/portal');
    expect(attention.html).to.include('Name the insurer.');
    expect(
      (
        await business.submitVersioned(step('safeguards'), step('safeguards'), {
          ...safeguards,
          'safeguards[compensation][provider]': 'Bảo Việt',
        })
      ).status,
    ).to.equal(303);
    expect(
      (await business.submitVersioned(step('review'), `/portal/pilots/${id}/application/submit`, {})).status,
    ).to.equal(303);
    expect((await regulator.submitVersioned(page, `${page}/actions/start_review`, {})).status).to.equal(303);

    // Approval with two exemptions and three conditions, from the builders.
    const approved = await regulator.submitVersioned(page, `${page}/actions/approve`, {
      ...decision(app, '101/QĐ-NHNN'),
      start: day(app, 0),
      end: day(app, 365),
      'exemptions[0][legalReference]': 'Circular 10/2023/TT-NHNN, Art. 5',
      'exemptions[0][description]': 'Credit scoring without a credit history.',
      'exemptions[0][limits]': 'Loans up to 50 million đồng\nNo more than 1,000 borrowers',
      'exemptions[1][legalReference]': 'Decree 13/2023/ND-CP, Art. 11',
      'exemptions[1][description]': 'In-app consent.',
      'conditions[0][type]': 'reporting',
      'conditions[0][description]': 'Monthly reports; incidents within 24 hours.',
      'conditions[0][parameters][frequency]': 'monthly',
      'conditions[0][parameters][incidentReportHours]': '24',
      'conditions[1][type]': 'cap',
      'conditions[1][description]': 'At most 1,000 borrowers.',
      'conditions[1][parameters][metric]': 'borrowers',
      'conditions[1][parameters][limit]': '1000',
      'conditions[2][type]': 'disclosure',
      'conditions[2][description]': 'Tell borrowers it is a test.',
      'conditions[2][parameters][channel]': 'In the app, before consent',
    });
    expect(
      approved.status,
      /error-summary[\s\S]{0,1500}|notice warning[\s\S]{0,600}/.exec(approved.html)?.[0],
    ).to.equal(303);
    const record = (await app.http.get(`/api/v1/pilots/${id}`)).body as {
      state: string;
      reference: string;
      exemptions: unknown[];
      conditions: { id: string }[];
    };
    expect(record.state).to.equal('active');
    expect(record.exemptions).to.have.length(2);
    expect(record.conditions).to.have.length(3);
    const publicPage = await fetch(`${app.url}/pilots/${record.reference}`).then((r) => r.text());
    expect(publicPage).to.include('Decree 13/2023/ND-CP, Art. 11').and.include('Tell borrowers it is a test.');

    // The business files a report, an incident, and a claim on it.
    const filed = await business.submitVersioned(page, `${page}/filings/report`, {
      'metrics[participants]': '120',
      'metrics[complaints]': '1',
      'metrics[incidents]': '0',
      publicSummary: '120 borrowers scored.',
      confidentialDetail: 'Reconciliation notes.',
    });
    expect(
      filed.status,
      String(filed.status) +
        (/error-summary[\s\S]{0,1500}|notice warning[\s\S]{0,600}|<main[\s\S]{0,800}/.exec(filed.html)?.[0] ?? ''),
    ).to.equal(303);
    const incident = await business.submitVersioned(page, `${page}/filings/incident`, {
      occurredAt: `${day(app, 0)}T00:00`,
      severity: 'high',
      publicSummary: 'Scoring outage for two hours.',
      confidentialDetail: 'Provider outage.',
      affectedParticipants: '40',
      'estimatedLoss[amount]': '1000000',
      'estimatedLoss[currency]': 'VND',
      'mitigationSteps[0][at]': `${day(app, 0)}T01:00`,
      'mitigationSteps[0][description]': 'Switched to manual review.',
    });
    expect(incident.status, incident.html.slice(0, 3000)).to.equal(303);
    const withIncident = await business.get(page);
    const incidentId = /name="incidentId"[^>]*>\s*(?:<option value="">[^<]*<\/option>\s*)?<option value="([^"]+)"/.exec(
      withIncident.html,
    )?.[1];
    expect(incidentId, 'the claim form offers the incident').to.be.a('string');
    const claimed = await business.submitVersioned(page, `${page}/filings/claim`, {
      incidentId: incidentId!,
      statement: 'An outage at our provider, reported at once.',
      confidentialDetail: 'Provider contract.',
    });
    expect(claimed.status, claimed.html.slice(0, 3000)).to.equal(303);

    // The regulator sees the claim with the law's criteria, and rules.
    const supervision = await regulator.get('/portal');
    expect(supervision.html).to.include('Claims awaiting a ruling');
    const withClaim = await regulator.get(page);
    expect(withClaim.html)
      .to.include('Approved plan and conditions complied with')
      .and.include('data-criterion="scope"');
    const claimId = /\/claims\/([^/]+)\/actions\/rule/.exec(withClaim.html)?.[1];
    expect(claimId).to.be.a('string');
    const ruled = await regulator.submitVersioned(page, `${page}/claims/${claimId}/actions/rule`, {
      outcome: 'upheld',
      reasons: 'Objective cause; conditions kept; reported within the deadline.',
      ...decision(app, '102/QĐ-NHNN'),
    });
    expect(ruled.status, ruled.html.slice(0, 3000)).to.equal(303);

    // Suspend, reinstate, revoke.
    for (const [action, reference] of [
      ['suspend', '103/QĐ-NHNN'],
      ['reinstate', '104/QĐ-NHNN'],
      ['revoke', '105/QĐ-NHNN'],
    ]) {
      const done = await regulator.submitVersioned(page, `${page}/actions/${action}`, decision(app, reference));
      expect(done.status, `${action}: ${done.html.slice(0, 3000)}`).to.equal(303);
    }
    const final = await regulator.get(page);
    expect(final.html).to.include('/ledger/entries/').and.include('/api/v1/ledger/entries/');
    const ledger = (await app.http.get(`/api/v1/pilots/${id}`)).body as { state: string };
    expect(ledger.state).to.equal('revoked');
  });

  it('when a refused decision is sent again after someone else acted, then the portal says the pilot changed (412)', async () => {
    const business = new PortalBrowser(app);
    await business.signIn(world.business.email, world.business.password);
    const created = await business.submit('/portal/pilots/new', '/portal/pilots/new', {
      programmeId: String(world.programme.id),
      title: 'Stale test',
    });
    const id = /pilots\/([0-9a-f]{24})\//.exec(created.location ?? '')?.[1];
    const stepUrl = `/portal/pilots/${id}/application/exit`;
    const first = await business.get(stepUrl);
    const csrf = PortalBrowser.csrfOf(first.html);
    const version = /name="_version" value="(\d+)"/.exec(first.html)?.[1] ?? '';
    expect((await business.submitVersioned(stepUrl, stepUrl, { exitPlan: 'First plan.' })).status).to.equal(303);
    const stale = await business.post(
      stepUrl,
      new URLSearchParams({ _csrf: csrf, _version: version, exitPlan: 'Second plan.' }).toString(),
    );
    expect(stale.status).to.equal(412);
    expect(stale.html).to.include('Someone else changed this pilot');
  });

  it('when a pilot is outside the reader’s scope, then the portal answers 404 as the API does', async () => {
    const business = new PortalBrowser(app);
    await business.signIn(world.business.email, world.business.password);
    const created = await business.submit('/portal/pilots/new', '/portal/pilots/new', {
      programmeId: String(world.programme.id),
      title: 'Mine only',
    });
    const id = /pilots\/([0-9a-f]{24})\//.exec(created.location ?? '')?.[1];
    const other = new PortalBrowser(app);
    await other.signIn(world.otherBusiness.email, world.otherBusiness.password);
    expect((await other.get(`/portal/pilots/${id}`)).status).to.equal(404);
    const otherRegulator = new PortalBrowser(app);
    await otherRegulator.signIn(world.otherRegulator.email, world.otherRegulator.password);
    expect((await otherRegulator.get(`/portal/pilots/${id}`)).status).to.equal(404);
    // A draft is not yet the agency's either.
    const regulator = new PortalBrowser(app);
    await regulator.signIn(world.regulator.email, world.regulator.password);
    expect((await regulator.get(`/portal/pilots/${id}`)).status).to.equal(404);
    // And a name from the request is never a property of the tables.
    for (const name of ['constructor', '__proto__', 'toString']) {
      const res = await business.submitVersioned(`/portal/pilots/${id}`, `/portal/pilots/${id}/actions/${name}`, {});
      expect(res.status, name).to.equal(404);
      const filing = await business.submitVersioned(`/portal/pilots/${id}`, `/portal/pilots/${id}/filings/${name}`, {});
      expect(filing.status, name).to.equal(404);
    }
  });

  it('when a business asks the agency for an amendment, then the regulator decides it choosing the request from a list', async () => {
    const id = await pilotIn(world, 'active');
    const business = new PortalBrowser(app);
    await business.signIn(world.business.email, world.business.password);
    const page = `/portal/pilots/${id}`;
    const asked = await business.submitVersioned(page, `${page}/actions/request_amendment`, {
      description: 'Add Đà Nẵng to the provinces.',
      reasons: 'Partner bank opens a branch there.',
    });
    expect(asked.status, asked.html.slice(0, 2000)).to.equal(303);
    const regulator = new PortalBrowser(app);
    await regulator.signIn(world.regulator.email, world.regulator.password);
    const view = await regulator.get(page);
    const requestId =
      /name="requestId"[^>]*>\s*(?:<option value="">[^<]*<\/option>\s*)?<option value="([^"]+)"[^>]*>[^<]*Add Đà Nẵng/.exec(
        view.html,
      )?.[1];
    expect(requestId, 'the pending request is offered by name').to.be.a('string');
    const decided = await regulator.submitVersioned(page, `${page}/actions/decide_request`, {
      requestId: requestId!,
      outcome: 'granted',
      ...decision(app, '201/QĐ-NHNN'),
    });
    expect(decided.status, /error-summary[\s\S]{0,1500}/.exec(decided.html)?.[0]).to.equal(303);
  });
});
