// Drives the demo data set through the registry's HTTP API: agencies, programmes and accounts, then each
// pilot along its story, then the time-driven work (returned dossiers, overdue reports, expiry).
import { randomBytes } from 'node:crypto';
import { type RegistryClient, type Json } from './client.ts';
import {
  AGENCIES,
  BUSINESSES,
  DEMO_PASSWORD,
  PROGRAMMES,
  REGULATORS,
  type AgencyCode,
  type BusinessKey,
} from './data.ts';
import { PILOTS, type PilotSpec } from './pilots.ts';

const DAY = 86_400_000;
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export interface SeedResult {
  seeded: boolean;
  message: string;
  accounts: { role: string; email: string; of: string }[];
}

export async function seedRegistry(
  api: RegistryClient,
  admin: string,
  log: (line: string) => void,
): Promise<SeedResult> {
  const existing = await api.call<{ items: { code: string }[] }>('GET', '/api/v1/agencies');
  if (existing.items.some((a) => a.code === 'SBV')) {
    return {
      seeded: false,
      message: 'The registry already has data (agency SBV exists); nothing was seeded.',
      accounts: [],
    };
  }
  const run = randomBytes(3).toString('hex');
  const accounts: SeedResult['accounts'] = [];
  const agencyIds = new Map<AgencyCode, string>();
  const regulators = new Map<AgencyCode, string>();
  for (const a of AGENCIES) {
    const agency = await api.call<{ id: string }>('POST', '/api/v1/admin/agencies', { token: admin, body: a });
    agencyIds.set(a.code, agency.id);
    const email = `${a.code.toLowerCase()}.regulator.${run}@demo.gov.vn`;
    await api.call('POST', '/api/v1/admin/users', {
      token: admin,
      body: { email, password: DEMO_PASSWORD, name: REGULATORS[a.code].name, role: 'regulator', agencyId: agency.id },
    });
    regulators.set(a.code, await api.login(email, DEMO_PASSWORD));
    accounts.push({ role: 'regulator', email, of: a.code });
  }
  log(`agencies: ${AGENCIES.map((a) => a.code).join(', ')}`);
  const programmes = new Map<string, { id: string; agency: AgencyCode }>();
  for (const { agency, ...p } of PROGRAMMES) {
    const created = await api.call<{ id: string }>('POST', '/api/v1/admin/programmes', {
      token: admin,
      body: { ...p, solutionTypes: [...p.solutionTypes], agencyId: agencyIds.get(agency) },
    });
    programmes.set(p.code, { id: created.id, agency });
  }
  log(`programmes: ${PROGRAMMES.map((p) => p.code).join(', ')}`);
  const businesses = new Map<BusinessKey, string>();
  for (const [i, b] of BUSINESSES.entries()) {
    const email = `${b.key}.${run}@demo-business.vn`;
    const registrationNumber = `03${String(Date.now()).slice(-6)}${String(i).padStart(2, '0')}`;
    await api.call('POST', '/api/v1/auth/register', {
      body: { email, password: DEMO_PASSWORD, name: b.owner, organization: { name: b.name, registrationNumber } },
    });
    businesses.set(b.key, await api.login(email, DEMO_PASSWORD));
    accounts.push({ role: 'business', email, of: b.name });
  }
  log(`businesses: ${BUSINESSES.length}`);

  let returnAfter = 0;
  for (const spec of PILOTS) {
    const programme = programmes.get(spec.programme)!;
    const story = new PilotStory(
      api,
      spec,
      programme.id,
      businesses.get(spec.business)!,
      regulators.get(programme.agency)!,
      REGULATORS[programme.agency].title,
    );
    const end = await story.play();
    if (spec.fate === 'returned') returnAfter = Date.now() + 2500;
    log(`${end.reference ?? '(draft)'} ${spec.fate.padEnd(17)} ${spec.title}`);
  }
  // The changes request of the returned application has a deadline seconds away; then the due-work job
  // returns it, marks the overdue report and expires the pilot that ended.
  await new Promise((r) => setTimeout(r, Math.max(0, returnAfter - Date.now())));
  const work = await api.call<{ effects: { kind: string }[] }>('POST', '/api/v1/admin/jobs/due-work', { token: admin });
  log(`time-driven work: ${work.effects.map((e) => e.kind).join(', ') || 'none'}`);
  return {
    seeded: true,
    message: `Seeded ${PILOTS.length} pilots under ${PROGRAMMES.length} programmes of ${AGENCIES.length} agencies.`,
    accounts,
  };
}

let decisionNo = 100;

class PilotStory {
  private id = '';
  constructor(
    private readonly api: RegistryClient,
    private readonly spec: PilotSpec,
    private readonly programmeId: string,
    private readonly business: string,
    private readonly regulator: string,
    private readonly signer: string,
  ) {}

  private act(token: string, action: string, body: Json = {}) {
    return this.api.call<Json>('POST', `/api/v1/pilots/${this.id}/actions/${action}`, { token, body });
  }
  private file(what: string, body: Json) {
    return this.api.call<Json>('POST', `/api/v1/pilots/${this.id}/${what}`, { token: this.business, body });
  }
  private decision(reason: string, atDays = 0) {
    const at = day(Math.min(0, atDays));
    return {
      reference: `${decisionNo++}/QĐ-${this.spec.programme.split('-')[0]}`,
      signerTitle: this.signer,
      signedAt: at,
      effectiveAt: at,
      legalBasis: this.spec.exemption,
      reason,
    };
  }

  private application(): Json {
    const s = this.spec;
    const secret = `Internal: ${s.title}`;
    return {
      title: s.title,
      publicSummary: s.summary,
      confidentialDescription: `${secret}: product design, partners and unit economics.`,
      sector: s.sector,
      solutionType: s.solutionType,
      technologies: s.technologies,
      scope: {
        provinces: s.provinces,
        participantCap: s.participantCap,
        monetaryCaps: (s.caps ?? []).map((c) => ({ kind: c.kind, limit: { amount: c.amount, currency: 'VND' } })),
        otherLimits: ['participants are adults resident in the listed provinces'],
      },
      plannedStart: day(s.startDays),
      plannedEnd: day(s.endDays),
      requestedExemptions: [{ legalReference: s.exemption, justification: `${secret}: why the rule blocks the test.` }],
      riskAssessment: `${secret}: risk register.`,
      safeguards: {
        disclosure: 'Every participant is told in writing that the service is tested in a regulatory sandbox.',
        compensation: {
          kind: 'insurance',
          amount: { amount: 5_000_000_000, currency: 'VND' },
          provider: 'Bảo hiểm Demo',
        },
        complaintChannel: "Hotline 1900 0000 and the registry's complaint form",
        dataProtection: `${secret}: data protection impact assessment under Decree 13/2023/ND-CP.`,
      },
      exitPlan: `${secret}: wind-down and transfer of customers.`,
    };
  }

  private approval() {
    const s = this.spec;
    return {
      decision: this.decision(
        "The application meets the programme's criteria; the test is granted sandbox status.",
        s.startDays,
      ),
      start: day(s.startDays),
      end: day(s.endDays),
      exemptions: [
        {
          legalReference: s.exemption,
          description: `Waives ${s.exemption} for the participants of this test.`,
          limits: [`at most ${s.participantCap} participants`],
        },
      ],
      conditions: [
        {
          type: 'reporting',
          description: 'Periodic report on participants, volume, complaints and incidents; incidents within 24 hours.',
          parameters: { ...(s.reportFrequency ? { frequency: s.reportFrequency } : {}), incidentReportHours: 24 },
        },
        {
          type: 'cap',
          description: `At most ${s.participantCap} participants.`,
          parameters: { metric: 'participants', limit: s.participantCap },
        },
        {
          type: 'disclosure',
          description: 'Discloses the sandbox status to every participant.',
          parameters: { channel: 'onboarding screen and contract' },
        },
      ],
    };
  }

  async play(): Promise<{ reference: string | null }> {
    const { fate } = this.spec;
    const created = await this.api.call<{ id: string }>('POST', '/api/v1/pilots', {
      token: this.business,
      body: { programmeId: this.programmeId, ...this.application() },
    });
    this.id = created.id;
    if (fate === 'draft') return { reference: null };
    const submitted = await this.act(this.business, 'submit');
    const reference = submitted.reference as string;
    if (fate === 'submitted') return { reference };
    if (fate === 'withdrawn')
      return (
        await this.act(this.business, 'withdraw', { reason: 'The partner bank left the project.' }),
        { reference }
      );
    await this.act(this.regulator, 'start_review');
    if (fate === 'under_review') return { reference };
    if (fate === 'changes_requested' || fate === 'returned') {
      const deadline = fate === 'returned' ? new Date(Date.now() + 2000).toISOString() : day(20);
      await this.act(this.regulator, 'request_changes', {
        reason: "Add the insurer's confirmation and a data protection impact assessment.",
        deadline,
      });
      return { reference };
    }
    if (fate === 'rejected') {
      await this.act(this.regulator, 'reject', {
        decision: this.decision('Lending through social networks cannot meet the disclosure and affordability rules.'),
      });
      return { reference };
    }
    await this.act(this.regulator, 'approve', this.approval());
    await this.aftermath();
    return { reference };
  }

  /** What happens after approval, per the pilot's fate. */
  private async aftermath() {
    const { fate } = this.spec;
    const metrics = {
      participants: Math.round(this.spec.participantCap / 10),
      transactions: 1200,
      complaints: 3,
      incidents: 0,
    };
    if (fate === 'incident') {
      await this.file('reports', {
        metrics,
        publicSummary: 'First month: onboarding slower than planned; three complaints resolved.',
        confidentialDetail: 'Default rates by segment.',
      });
      const incident = await this.file('incidents', {
        occurredAt: day(-3),
        severity: 'medium',
        publicSummary: 'A payment processor outage delayed repayments to 214 lenders by two days.',
        confidentialDetail: 'Processor contract and root-cause analysis.',
        affectedParticipants: 214,
        estimatedLoss: { amount: 38_500_000, currency: 'VND' },
        mitigationSteps: [
          { at: day(-3), description: 'Switched to the backup processor.' },
          { at: day(-2), description: 'Paid late-payment interest to affected lenders.' },
        ],
      });
      const claim = await this.file('claims', {
        incidentId: incident.id,
        statement: 'The outage was outside our control and every condition was kept.',
        confidentialDetail: 'Invoices.',
        amountClaimed: { amount: 38_500_000, currency: 'VND' },
      });
      const conditions = (
        await this.api.call<{ items: { id: string; type: string }[] }>('GET', `/api/v1/pilots/${this.id}/conditions`, {
          token: this.regulator,
        })
      ).items;
      const disclosure = conditions.find((c) => c.type === 'disclosure')!;
      await this.api.call('POST', `/api/v1/pilots/${this.id}/conditions/${disclosure.id}/actions/breach`, {
        token: this.regulator,
        body: { reason: 'New lenders were onboarded for a week without the sandbox disclosure.' },
      });
      await this.api.call('POST', `/api/v1/pilots/${this.id}/conditions/${disclosure.id}/actions/remedy`, {
        token: this.regulator,
        body: { reason: 'The disclosure screen was restored and affected lenders informed.' },
      });
      await this.api.call('POST', `/api/v1/pilots/${this.id}/claims/${String(claim.id)}/actions/rule`, {
        token: this.regulator,
        body: {
          outcome: 'partly_upheld',
          reasons:
            'The outage was objective and reported within 24 hours; the disclosure breach overlapped the incident, so the exemption covers the delay but not the interest paid.',
          decision: this.decision('Ruling on the exemption claim.'),
        },
      });
    }
    if (fate === 'suspended') {
      await this.act(this.regulator, 'suspend', {
        decision: this.decision(
          'A near-miss with a motorbike at night: the service is suspended until the perception software is re-validated.',
        ),
      });
    }
    if (fate === 'revoked') {
      await this.act(this.regulator, 'revoke', {
        decision: this.decision(
          'Customer data was shared with a third party beyond the consent given; sandbox status is revoked.',
        ),
      });
    }
    if (fate === 'graduated') {
      await this.file('exit-report', {
        publicSummary: 'Sensitivity 94% and specificity 91% against two radiologists; no patient harm recorded.',
        confidentialDetail: 'Full validation data.',
      });
      await this.act(this.regulator, 'complete', {
        decision: this.decision('The test met its objectives; the software is registered as a medical device.'),
        outcome: 'graduated',
        openObligations: [{ description: 'Post-market surveillance report after 12 months.', dueBy: day(365) }],
      });
    }
  }
}
