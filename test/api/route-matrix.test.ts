// The security matrix, generated: every route of the route table × every kind of caller, with the answer
// the permission map and the scope rules promise. A route added anywhere is in the matrix the moment it
// is declared. Bodies are empty, so permitted calls stop at validation or a state rule and change nothing.
import { expect } from 'chai';
import type { Role } from '../../models/index.ts';
import { PERMISSIONS } from '../../server/access/permissions.ts';
import type { RouteEntry } from '../../middleware/route-table.ts';
import { PASSWORD, login, registerBusiness, type Actor } from '../support/actors.ts';
import { as, daysFrom, expectOk, pilotIn, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';
import type { TestApp } from '../support/app.ts';
import { documentedAnswers } from '../support/contract.ts';

const CALLERS = [
  'anonymous',
  'business A',
  'business B',
  'regulator of the agency',
  'regulator of another agency',
  'admin',
  'disabled user',
] as const;
type Caller = (typeof CALLERS)[number];

const ROLE: Record<Caller, Role | null> = {
  anonymous: null,
  'business A': 'business',
  'business B': 'business',
  'regulator of the agency': 'regulator',
  'regulator of another agency': 'regulator',
  admin: 'admin',
  'disabled user': 'business',
};

/**
 * What a caller should get: an exact status, or "allowed": a read answers 200; a write (with its empty
 * body) is refused by validation or a state rule, but never with 401, 403 or a 5xx.
 */
type Expected = number | 'allowed';

function expectedFor(route: RouteEntry, caller: Caller): Expected {
  // The site's pages read no bearer token (browsers do not send one): the same page for everyone.
  if (route.page) return 'allowed';
  if (caller === 'disabled user') return 401; // a disabled account's token is refused everywhere, open routes too
  if (route.permission === null) return 'allowed';
  const role = ROLE[caller];
  if (!role) return 401;
  if (!(PERMISSIONS[route.permission] as readonly Role[]).includes(role)) return 403;
  // Scope: pilot A belongs to business A and is supervised by the agency; organization A is A's own.
  const outsider = caller === 'business B' || caller === 'regulator of another agency';
  if (outsider && route.path.startsWith('/api/v1/pilots/:id')) return 404;
  if (outsider && route.path === '/api/v1/organizations/:id') return 404;
  return 'allowed';
}

describe('security matrix: every route × every caller', () => {
  let app: TestApp;
  let world: World;
  let pilotId: string;
  let reference: string;
  let disabled: Actor;
  let target: Actor;
  const records: Record<string, string> = {};
  /** Each operation's documented answers: every status the matrix sees must be one of them. */
  let documented: (route: RouteEntry, status: number) => boolean;
  /** Required query parameters of the public ledger routes, with values that exist. */
  const queries: Record<string, string> = {};

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    pilotId = await pilotIn(world, 'active');
    const biz = as(app, world.business);
    const pilot = expectOk(await biz.get(pilotId)) as unknown as {
      exemptions: { id: string }[];
      conditions: { id: string }[];
    };
    reference = (pilot as unknown as { reference: string }).reference;
    records.exemptions = pilot.exemptions[0].id;
    records.conditions = pilot.conditions[0].id;
    const incident = expectOk(
      await biz.file(pilotId, 'incidents', {
        occurredAt: daysFrom(app, 0),
        severity: 'low',
        publicSummary: 'A glitch.',
        confidentialDetail: 'x',
        affectedParticipants: 1,
        estimatedLoss: { amount: 0, currency: 'VND' },
      }),
      201,
    );
    records.claims = expectOk(
      await biz.file(pilotId, 'claims', {
        incidentId: incident.id,
        statement: 'Objective cause.',
        confidentialDetail: 'x',
      }),
      201,
    ).id;
    target = await registerBusiness(app, 'Target Co');
    disabled = await registerBusiness(app, 'Disabled Co');
    expectOk(await app.http.post(`/api/v1/admin/users/${disabled.id}/disable`).set(world.admin.auth));
    documented = await documentedAnswers(app);
    const size = Number((await app.http.get('/api/v1/ledger/checkpoint')).text.split('\n')[1]);
    Object.assign(queries, {
      '/api/v1/ledger/checkpoints': `?size=${size}`,
      '/api/v1/ledger/proof/inclusion': `?index=0&size=${size}`,
      '/api/v1/ledger/proof/consistency': `?first=1&second=${size}`,
    });
  });
  after(() => app.close());

  function urlOf(route: RouteEntry, caller: Caller): string {
    return route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
      if (name === 'recordId') return records[/\/pilots\/:id\/([a-z]+)\//.exec(route.path)![1]];
      // An action the caller's role takes in the lifecycle table (another role's would be refused by the table).
      if (name === 'action') {
        const kind = /\/([a-z]+)\/:(?:id|recordId)\/actions/.exec(route.path)![1];
        return kind === 'pilots'
          ? ROLE[caller] === 'regulator'
            ? 'start_review'
            : 'submit'
          : { exemptions: 'suspend', conditions: 'breach', claims: 'rule' }[kind]!;
      }
      if (name === 'seq') return '0';
      if (name === 'reference') return reference;
      if (name === 'code') return world.agency.code;
      if (route.path.startsWith('/api/v1/pilots')) return pilotId;
      if (route.path.startsWith('/api/v1/admin/users')) return target.id;
      if (route.path.startsWith('/api/v1/organizations')) return world.business.organizationId!;
      if (route.path.startsWith('/api/v1/programmes')) return world.programme.id;
      throw new Error(`no sample value for :${name} in ${route.path}`);
    });
  }

  const actorOf = (caller: Caller): Actor | null =>
    ({
      anonymous: null,
      'business A': world.business,
      'business B': world.otherBusiness,
      'regulator of the agency': world.regulator,
      'regulator of another agency': world.otherRegulator,
      admin: world.admin,
      'disabled user': disabled,
    })[caller];

  for (const caller of CALLERS) {
    it(`when ${caller === 'anonymous' ? 'an anonymous caller' : `the ${caller}`} calls every route, then each answers as the permission map and scope say`, async () => {
      // Logging out ends the caller's session: it goes last.
      const routes = [...app.routes.all()].sort(
        (a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')),
      );
      const wrong: string[] = [];
      for (const route of routes) {
        const actor = actorOf(caller);
        const auth = actor ? { Authorization: `Bearer ${actor.accessToken}` } : {};
        const url = urlOf(route, caller) + (queries[route.path] ?? '');
        const req = app.http[route.method](url).set(auth);
        const res = route.method === 'get' ? await req : await req.send({});
        const want = expectedFor(route, caller);
        const allowed =
          route.method === 'get' ? res.status === 200 : res.status < 500 && res.status !== 401 && res.status !== 403;
        const ok = want === 'allowed' ? allowed : res.status === want;
        if (!ok)
          wrong.push(
            `${route.method.toUpperCase()} ${route.path}: ${res.status} (want ${want}) ${JSON.stringify(res.body).slice(0, 160)}`,
          );
        if (!documented(route, res.status)) {
          wrong.push(`${route.method.toUpperCase()} ${route.path}: ${res.status} is not among its documented answers`);
        }
        if (res.status >= 400) expect(res.headers['content-type'], url).to.match(/^application\/problem\+json/);
      }
      expect(wrong, wrong.join('\n')).to.deep.equal([]);
      if (actorOf(caller) && caller !== 'disabled user') {
        // Sessions are ended only by the logout above; a fresh login still works.
        await login(app, actorOf(caller)!.email, PASSWORD);
      }
    });
  }
});
