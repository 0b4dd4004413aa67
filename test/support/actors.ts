// Data factories: the people of our stories. Accounts are made through the API where the API makes
// them (registration), and through server/ where only an operator could (the first admin).
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { createUser } from '../../server/accounts/admin.ts';
import type { TestApp } from './app.ts';

export const PASSWORD = 'correct horse battery';

const unique = () => randomBytes(4).toString('hex');

export interface Actor {
  email: string;
  password: string;
  id: string;
  accessToken: string;
  refreshToken: string;
  organizationId?: string;
  agencyId?: string;
  auth: { Authorization: string };
}

export async function login(app: TestApp, email: string, password = PASSWORD) {
  const res = await app.http.post('/api/v1/auth/login').send({ email, password });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as { accessToken: string; refreshToken: string; expiresIn: number };
}

async function signedIn(app: TestApp, email: string, id: string, extra: Partial<Actor> = {}): Promise<Actor> {
  const tokens = await login(app, email);
  return {
    email,
    password: PASSWORD,
    id,
    ...tokens,
    auth: { Authorization: `Bearer ${tokens.accessToken}` },
    ...extra,
  };
}

export async function registerBusiness(app: TestApp, name = 'Acme Fintech'): Promise<Actor> {
  const email = `owner-${unique()}@example.vn`;
  const res = await app.http.post('/api/v1/auth/register').send({
    email,
    password: PASSWORD,
    name: 'Nguyễn Văn An',
    organization: { name, registrationNumber: `0${Date.now() % 1e9}${unique().slice(0, 3)}` },
  });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return signedIn(app, email, res.body.user.id, { organizationId: res.body.organization.id });
}

export async function asAdmin(app: TestApp): Promise<Actor> {
  const email = `admin-${unique()}@registry.example`;
  const user = await createUser(app.ctx, { email, password: PASSWORD, name: 'Operator', role: 'admin' });
  return signedIn(app, email, user.id);
}

export async function createAgency(app: TestApp, admin: Actor, code = `A${unique().toUpperCase().slice(0, 6)}`) {
  const res = await app.http
    .post('/api/v1/admin/agencies')
    .set(admin.auth)
    .send({ code, name: `Agency ${code}` });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as { id: string; code: string };
}

export async function asRegulator(app: TestApp, admin: Actor, agencyId: string): Promise<Actor> {
  const email = `regulator-${unique()}@agency.gov.vn`;
  const res = await app.http
    .post('/api/v1/admin/users')
    .set(admin.auth)
    .send({ email, password: PASSWORD, name: 'Trần Thị Bình', role: 'regulator', agencyId });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return signedIn(app, email, res.body.id, { agencyId });
}

export function expectProblem(
  res: { status: number; headers: Record<string, string>; body: { type?: string } },
  status: number,
  type?: string,
) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(res.body).to.include.keys('type', 'title', 'status', 'detail');
  expect(res.body).not.to.have.property('stack');
  if (type) expect(res.body.type).to.equal(type);
}
