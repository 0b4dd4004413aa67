// The people and records of pilot stories: a sandbox world (an agency, its programme, a regulator, two
// businesses), a complete application, decisions, and a client per actor that speaks the pilots API.
import { expect } from 'chai';
import { signAccessToken } from '../../server/accounts/tokens.ts';
import { startApp, type TestApp } from './app.ts';
import { asAdmin, asRegulator, createAgency, registerBusiness, type Actor } from './actors.ts';

export interface World {
  app: TestApp;
  admin: Actor;
  agency: { id: string; code: string };
  programme: { id: string; code: string };
  regulator: Actor;
  business: Actor;
  /** A business and a regulator outside the pilot's scope. */
  otherBusiness: Actor;
  otherRegulator: Actor;
}

/** Pilot stories span months: sessions outlive the clock's travels (access tokens are re-signed by `travel`). */
export const startPilotApp = (env: Record<string, string> = {}) =>
  startApp({ env: { REFRESH_TOKEN_TTL_SECONDS: String(20 * 365 * 86_400), ...env } });

/** Moves the clock on and gives every actor of the world an access token valid at the new time. */
export function travel(world: World, seconds: number) {
  world.app.clock.advance(seconds);
  for (const actor of [world.admin, world.regulator, world.business, world.otherBusiness, world.otherRegulator]) {
    const claims = JSON.parse(Buffer.from(actor.accessToken.split('.')[1], 'base64url').toString('utf8')) as {
      sub: string;
      sid: string;
      role: string;
    };
    actor.accessToken = signAccessToken(
      world.app.config,
      { sub: claims.sub, sid: claims.sid, role: claims.role },
      world.app.clock.now(),
    );
    actor.auth.Authorization = `Bearer ${actor.accessToken}`;
  }
}
export const DAY = 86_400;

let n = 0;
const iso = (d: Date) => d.toISOString();
export const daysFrom = (app: TestApp, days: number) => iso(new Date(app.clock.now().getTime() + days * 86_400_000));

/**
 * Registers a programme of `agency` through the admin API: a banking sandbox under Decree 94 unless
 * `fields` say otherwise (the answer, for the test to check).
 */
export function registerProgramme(
  app: TestApp,
  admin: Actor,
  agency: { id: string; code: string },
  fields: Record<string, unknown> = {},
) {
  return app.http
    .post('/api/v1/admin/programmes')
    .set(admin.auth)
    .send({
      code: `${agency.code}-BANKING`,
      name: 'Banking sandbox',
      agencyId: agency.id,
      legalBasis: 'Decree 94/2025/ND-CP',
      solutionTypes: ['credit-scoring', 'open-api', 'p2p-lending'],
      maxDurationMonths: 24,
      maxExtensions: 2,
      maxExtensionMonths: 12,
      reportFrequency: 'monthly',
      ...fields,
    });
}

export async function sandboxWorld(
  app: TestApp,
  code = `SB${String(n++).padStart(2, '0')}${Math.floor(Math.random() * 90 + 10)}`,
): Promise<World> {
  const admin = await asAdmin(app);
  const agency = await createAgency(app, admin, code);
  const other = await createAgency(app, admin, `X${code}`);
  const res = await registerProgramme(app, admin, agency, { code: `${code}-BANKING` });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return {
    app,
    admin,
    agency,
    programme: res.body,
    regulator: await asRegulator(app, admin, agency.id),
    business: await registerBusiness(app, 'Acme Fintech'),
    otherBusiness: await registerBusiness(app, 'Other Co'),
    otherRegulator: await asRegulator(app, admin, other.id),
  };
}

/** A complete application; `secret` marks every confidential field (the canary test searches for it). */
export function anApplication(app: TestApp, secret = 'confidential') {
  return {
    title: 'Thí điểm chấm điểm tín dụng',
    publicSummary: 'Alternative credit scoring for thin-file borrowers in Hà Nội and Đà Nẵng.',
    confidentialDescription: `${secret}-description: model weights and partner banks`,
    sector: 'banking',
    solutionType: 'credit-scoring',
    technologies: ['machine learning', 'open banking'],
    scope: {
      provinces: ['Hà Nội', 'Đà Nẵng'],
      participantCap: 5000,
      monetaryCaps: [{ kind: 'loan per participant', limit: { amount: 50_000_000, currency: 'VND' } }],
      otherLimits: ['no lending to minors'],
    },
    plannedStart: daysFrom(app, 30),
    plannedEnd: daysFrom(app, 395),
    requestedExemptions: [
      { legalReference: 'Circular 10/2023/TT-NHNN, Art. 5', justification: `${secret}-justification` },
    ],
    riskAssessment: `${secret}-risk-assessment`,
    safeguards: {
      disclosure: 'Participants sign a sandbox disclosure.',
      compensation: { kind: 'insurance', amount: { amount: 2_000_000_000, currency: 'VND' }, provider: 'Bảo Việt' },
      complaintChannel: 'hotline 1900 0000',
      dataProtection: `${secret}-data-protection`,
    },
    exitPlan: `${secret}-exit-plan`,
  };
}

export function aDecision(
  app: TestApp,
  reference = `QD-${n++}/2026/NHNN`,
  reason = 'The application meets the programme criteria.',
) {
  const now = app.clock.now().toISOString();
  return {
    reference,
    signerTitle: 'Deputy Governor',
    signedAt: now,
    effectiveAt: now,
    legalBasis: 'Decree 94/2025/ND-CP, Art. 12',
    reason,
  };
}

export const exemption = (ref = 'Circular 10/2023/TT-NHNN, Art. 5') => ({
  legalReference: ref,
  description: `Waives ${ref}`,
  limits: ['loans up to 50m VND'],
});
export const reporting = (incidentReportHours = 24) => ({
  type: 'reporting',
  description: 'Monthly report on participants, volume, complaints and incidents.',
  parameters: { frequency: 'monthly', incidentReportHours },
});
export const conditions = () => [
  reporting(),
  { type: 'cap', description: 'At most 5000 participants.', parameters: { metric: 'participants', limit: 5000 } },
  {
    type: 'insurance',
    description: 'Keeps its insurance.',
    parameters: { coverage: { amount: 2_000_000_000, currency: 'VND' }, insurer: 'Bảo Việt' },
  },
  {
    type: 'disclosure',
    description: 'Discloses the sandbox status.',
    parameters: { channel: 'app onboarding screen' },
  },
];

type Body = Record<string, unknown>;

/** What one actor does through the API. */
export function as(app: TestApp, actor: Actor | null) {
  const auth = actor?.auth ?? {};
  const withMatch = (version?: number) => (version === undefined ? {} : { 'If-Match': `"${version}"` });
  return {
    createPilot: (world: World, body: Body = anApplication(app)) =>
      app.http
        .post('/api/v1/pilots')
        .set(auth)
        .send({ programmeId: world.programme.id, ...body }),
    get: (id: string) => app.http.get(`/api/v1/pilots/${id}`).set(auth),
    list: (query = '') => app.http.get(`/api/v1/pilots${query}`).set(auth),
    edit: (id: string, body: Body, version?: number) =>
      app.http.patch(`/api/v1/pilots/${id}`).set(auth).set(withMatch(version)).send(body),
    act: (id: string, action: string, body: Body = {}, version?: number) =>
      app.http.post(`/api/v1/pilots/${id}/actions/${action}`).set(auth).set(withMatch(version)).send(body),
    file: (id: string, what: 'reports' | 'incidents' | 'claims' | 'exemptions' | 'exit-report', body: Body) =>
      app.http.post(`/api/v1/pilots/${id}/${what}`).set(auth).send(body),
    read: (id: string, what: string) => app.http.get(`/api/v1/pilots/${id}/${what}`).set(auth),
    onRecord: (
      id: string,
      what: 'exemptions' | 'conditions' | 'claims',
      recordId: string,
      action: string,
      body: Body,
    ) => app.http.post(`/api/v1/pilots/${id}/${what}/${recordId}/actions/${action}`).set(auth).send(body),
  };
}

export function expectOk(res: { status: number; body: unknown }, status = 200) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  return res.body as Body & { id: string; version: number; state: string; allowedActions: string[] };
}

export function approval(app: TestApp, startInDays = 0, endInDays = 365) {
  return {
    decision: aDecision(app),
    start: daysFrom(app, startInDays),
    end: daysFrom(app, endInDays),
    exemptions: [exemption()],
    conditions: conditions(),
  };
}

/** Drives a new pilot of `world.business` to `state` through the API (and the clock, for the system's rows). */
export async function pilotIn(world: World, state: string): Promise<string> {
  const { app, business, regulator } = world;
  const biz = as(app, business);
  const reg = as(app, regulator);
  const id = expectOk(await biz.createPilot(world), 201).id;
  const step = async (who: ReturnType<typeof as>, action: string, body: Body = {}) =>
    expectOk(await who.act(id, action, body));
  if (state === 'draft') return id;
  await step(biz, 'submit');
  if (state === 'submitted') return id;
  if (state === 'withdrawn') return (await step(biz, 'withdraw', { reason: 'We changed our plans.' }), id);
  await step(reg, 'start_review');
  if (state === 'under_review') return id;
  if (state === 'changes_requested' || state === 'returned') {
    await step(reg, 'request_changes', { reason: 'Clarify the exit plan.', deadline: daysFrom(app, 10) });
    if (state === 'returned') {
      travel(world, 11 * DAY);
      await runJob(world);
    }
    return id;
  }
  if (state === 'rejected') return (await step(reg, 'reject', { decision: aDecision(app) }), id);
  if (state === 'approved') return (await step(reg, 'approve', approval(app, 5, 300)), id);
  await step(reg, 'approve', approval(app, 0, 300));
  if (state === 'active') return id;
  if (state === 'suspended') return (await step(reg, 'suspend', { decision: aDecision(app) }), id);
  if (state === 'revoked') return (await step(reg, 'revoke', { decision: aDecision(app) }), id);
  if (state === 'expired') {
    travel(world, 301 * DAY);
    await runJob(world);
    return id;
  }
  if (state === 'completed') {
    await step(reg, 'complete', {
      decision: aDecision(app),
      outcome: 'ceased',
      exitReport: { publicSummary: 'Done.', confidentialDetail: 'x' },
    });
    return id;
  }
  throw new Error(`no route to ${state}`);
}

export async function runJob(world: World) {
  const res = await world.app.http.post('/api/v1/admin/jobs/due-work').set(world.admin.auth);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as { effects: { pilot: string; kind: string }[] };
}
