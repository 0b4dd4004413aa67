// Every row of DESIGN §1's lifecycle table, walked through the API, and every action the table does not
// allow from each state: 409 with the allowed actions, and the pilot and the ledger untouched.
import { expect } from 'chai';
import { PILOT_STATES } from '../../models/pilot.ts';
import { PILOT_ACTIONS, PILOT_ACTION_NAMES } from '../../server/lifecycle/actions.ts';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import {
  aDecision,
  anApplication,
  approval,
  as,
  DAY,
  daysFrom,
  expectOk,
  pilotIn,
  runJob,
  sandboxWorld,
  startPilotApp,
  travel,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

describe('pilot lifecycle', () => {
  let app: TestApp;
  let world: World;

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when a business creates a draft, then 201 with Location, ETag "1", and only its parties see it', async () => {
    const res = await as(app, world.business).createPilot(world);
    const pilot = expectOk(res, 201);
    expect(res.headers.location).to.equal(`/api/v1/pilots/${pilot.id}`);
    expect(res.headers.etag).to.equal('"1"');
    expect(pilot).to.include({ state: 'draft', version: 1, reference: null });
    expect(pilot.allowedActions).to.have.members(['submit', 'withdraw']);
    expectProblem(await as(app, world.otherBusiness).get(pilot.id), 404);
    expectProblem(await as(app, world.regulator).get(pilot.id), 404); // a draft is the business's own
    expectProblem(await as(app, null).get(pilot.id), 404);
    expect(expectOk(await as(app, world.admin).get(pilot.id)).view).to.equal('party');
    await expectProjectionEqualsReplay(app, pilot.id);
  });

  it('when the business edits its draft and submits it, then a reference <AGENCY>-<YEAR>-<NNNN> is assigned', async () => {
    const biz = as(app, world.business);
    const { title: _title, ...rest } = anApplication(app);
    const id = expectOk(await biz.createPilot(world, rest), 201).id;
    const incomplete = await biz.act(id, 'submit');
    expectProblem(incomplete, 400, '/problems/validation-error');
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).to.include('application.title');
    expectOk(await biz.edit(id, { title: 'Chấm điểm tín dụng' }, 1));
    expectProblem(await biz.edit(id, { title: 'stale' }, 1), 412);
    const submitted = expectOk(await biz.act(id, 'submit', {}, 2));
    expect(submitted.state).to.equal('submitted');
    expect(submitted.reference).to.match(new RegExp(`^${world.agency.code}-${new Date().getUTCFullYear()}-\\d{4}$`));
    expect(expectOk(await as(app, world.regulator).get(id)).state).to.equal('submitted');
    await expectProjectionEqualsReplay(app, id);
  });

  const rows: [string, string, string][] = [
    ['draft', 'submit', 'submitted'],
    ['changes_requested', 'submit', 'submitted'],
    ['submitted', 'start_review', 'under_review'],
    ['under_review', 'request_changes', 'changes_requested'],
    ['under_review', 'approve', 'active'],
    ['under_review', 'reject', 'rejected'],
    ['active', 'extend', 'active'],
    ['active', 'amend', 'active'],
    ['active', 'suspend', 'suspended'],
    ['suspended', 'reinstate', 'active'],
    ['active', 'revoke', 'revoked'],
    ['suspended', 'revoke', 'revoked'],
    ['draft', 'withdraw', 'withdrawn'],
    ['under_review', 'withdraw', 'withdrawn'],
    ['active', 'withdraw', 'withdrawn'],
    ['active', 'complete', 'completed'],
    ['revoked', 'complete', 'completed'],
  ];
  const bodies = (action: string): Record<string, unknown> => {
    switch (action) {
      case 'request_changes':
        return { reason: 'Clarify', deadline: daysFrom(app, 5) };
      case 'approve':
        return approval(app, 0, 300);
      case 'reject':
      case 'suspend':
      case 'reinstate':
      case 'revoke':
        return { decision: aDecision(app) };
      case 'extend':
        return { decision: aDecision(app), end: daysFrom(app, 400) };
      case 'amend':
        return {
          decision: aDecision(app),
          exemptions: { add: [{ legalReference: 'Law on Credit Institutions, Art. 9', description: 'Waived' }] },
        };
      case 'withdraw':
        return { reason: 'We stop.' };
      case 'complete':
        return {
          decision: aDecision(app),
          outcome: 'graduated',
          exitReport: { publicSummary: 'Graduated.', confidentialDetail: 'detail' },
        };
      default:
        return {};
    }
  };
  const who = (action: string) =>
    'regulator' in PILOT_ACTIONS[action as keyof typeof PILOT_ACTIONS].input ? world.regulator : world.business;

  for (const [from, action, to] of rows) {
    it(`when ${action} is taken from ${from}, then the pilot is ${to} with one more ledger entry`, async () => {
      const id = await pilotIn(world, from);
      const before = await pilotEntries(app, id);
      const res = await as(app, who(action)).act(id, action, bodies(action));
      expect(expectOk(res).state).to.equal(to);
      expect(res.headers.etag).to.equal(`"${before.length + 1}"`);
      const after = await pilotEntries(app, id);
      expect(after).to.have.length(before.length + 1);
      expect(after.at(-1)!.data).to.include({ pilot: id, from, to });
      await expectProjectionEqualsReplay(app, id);
    });
  }

  it('when approval starts in the future, then approved, and the system starts it at the start date', async () => {
    const id = await pilotIn(world, 'approved');
    expect(expectOk(await as(app, world.regulator).get(id)).state).to.equal('approved');
    travel(world, 6 * DAY);
    const job = await runJob(world);
    expect(job.effects).to.deep.include({ pilot: id, kind: 'start' });
    expect(expectOk(await as(app, world.regulator).get(id)).state).to.equal('active');
    const last = (await pilotEntries(app, id)).at(-1)!;
    expect(last).to.include({ type: 'pilot.started' });
    expect(last.actor).to.deep.equal({ role: 'system', agency: null });
    await expectProjectionEqualsReplay(app, id);
  });

  it('when a request for explanation passes its deadline, then the system returns the dossier; when the end date passes, it expires', async () => {
    const returned = await pilotIn(world, 'returned');
    expect(expectOk(await as(app, world.business).get(returned)).state).to.equal('returned');
    expect((await pilotEntries(app, returned)).at(-1)).to.include({ type: 'pilot.returned' });
    const expired = await pilotIn(world, 'expired');
    const pilot = expectOk(await as(app, world.regulator).get(expired));
    expect(pilot.state).to.equal('expired');
    expect((pilot.exemptions as { state: string }[]).every((x) => x.state === 'expired')).to.equal(true);
    expect((await runJob(world)).effects.filter((e) => e.pilot === expired)).to.deep.equal([]); // idempotent
    await expectProjectionEqualsReplay(app, returned);
    await expectProjectionEqualsReplay(app, expired);
  });

  it('when the business resubmits after the explanation deadline, before the job has run, then 409: the dossier is returned', async () => {
    const id = await pilotIn(world, 'changes_requested');
    travel(world, 11 * DAY);
    expectProblem(await as(app, world.business).act(id, 'submit'), 409);
    await runJob(world);
    expect(expectOk(await as(app, world.business).get(id)).state).to.equal('returned');
  });

  describe('invalid transitions', () => {
    // `lapsed` is kept for records made before `returned`; no action reaches it now.
    for (const state of PILOT_STATES.filter((s) => s !== 'lapsed')) {
      it(`when a party tries every action the table does not allow from ${state}, then 409 with the allowed ones, nothing changes`, async () => {
        const id = await pilotIn(world, state);
        const before = await pilotEntries(app, id);
        const pilotBefore = (await app.ctx.models.Pilot.findById(id).lean())!;
        for (const action of PILOT_ACTION_NAMES) {
          const row = PILOT_ACTIONS[action];
          if (row.from.includes(state)) continue;
          for (const role of Object.keys(row.input)) {
            if (role === 'system') continue;
            const actor = role === 'business' ? world.business : world.regulator;
            const res = await as(app, actor).act(id, action, bodies(action));
            if (state === 'draft' && role === 'regulator') {
              expectProblem(res, 404); // a draft is the business's own until submitted
              continue;
            }
            expectProblem(res, 409, '/problems/conflict');
            expect(res.body.state).to.equal(state);
            expect(res.body.allowedActions).to.be.an('array');
          }
        }
        expect(await pilotEntries(app, id)).to.deep.equal(before);
        expect((await app.ctx.models.Pilot.findById(id).lean())!).to.deep.equal(pilotBefore);
      });
    }
  });
});
