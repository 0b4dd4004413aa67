// No confidential field reaches any output of the public registry. Markers go into every confidential
// field of an approved pilot's records and into every field of applications never approved; then every
// public registry answer (lists, searches, pages, exports, statistics, the feed) is searched for them.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import { CANARY_LOSS, markedPilot } from '../support/canaries.ts';
import { aDecision, anApplication, as, expectOk, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

const MARK = 'CANARY9b2e';
const LOSS = String(CANARY_LOSS);

describe('public registry confidentiality', () => {
  let app: TestApp;
  let world: World;
  let reference = '';
  const hidden: { id: string; reference: string }[] = [];

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    const biz = as(app, world.business);
    const reg = as(app, world.regulator);
    const marked = await markedPilot(app, world, MARK);
    const { id, claimId } = marked;
    reference = marked.reference;
    expectOk(
      await reg.onRecord(id, 'claims', claimId, 'rule', {
        outcome: 'upheld',
        reasons: 'Conditions were kept.',
        decision: aDecision(app),
      }),
    );
    expectOk(await reg.act(id, 'complete', { decision: aDecision(app), outcome: 'graduated' }));

    // Never approved: even the fields that would be public after approval must stay hidden.
    const secret = {
      ...anApplication(app, `${MARK}-never`),
      title: `${MARK}-title`,
      publicSummary: `${MARK}-summary`,
      sector: `${MARK}-sector`,
      technologies: [`${MARK}-tech`],
      scope: { provinces: [`${MARK}-province`], participantCap: 1, monetaryCaps: [], otherLimits: [] },
    };
    for (const end of ['reject', 'withdraw', 'pending']) {
      const hid = expectOk(await biz.createPilot(world, secret), 201).id;
      const ref = expectOk(await biz.act(hid, 'submit')).reference as string;
      if (end === 'reject') {
        expectOk(await reg.act(hid, 'start_review'));
        expectOk(
          await reg.act(hid, 'reject', { decision: aDecision(app, `${MARK}-decision`, `${MARK}-rejection-reason`) }),
        );
      }
      if (end === 'withdraw') expectOk(await biz.act(hid, 'withdraw', { reason: `${MARK}-withdrawal` }));
      hidden.push({ id: hid, reference: ref });
    }
  });
  after(() => app.close());

  const publicPaths = () => [
    '/api/v1/public/pilots',
    '/api/v1/public/pilots?sort=-updated&limit=100',
    `/api/v1/public/pilots?q=${MARK}`,
    '/api/v1/public/pilots?q=canary',
    `/api/v1/public/pilots?sector=${MARK}-sector`,
    `/api/v1/public/pilots?province=${MARK}-province`,
    '/api/v1/public/pilots?status=rejected,withdrawn,under_review,submitted',
    '/api/v1/public/pilots?format=csv',
    '/api/v1/public/pilots?format=json',
    '/api/v1/public/pilots.csv',
    '/api/v1/public/pilots.json',
    `/api/v1/public/pilots/${reference}`,
    '/api/v1/public/stats',
    '/feed.atom',
    `/feed.atom?agency=${world.agency.code}`,
    `/feed.atom?pilot=${reference}`,
    // The site's pages read through the same functions; their filter suggestions come from public pilots.
    // A page echoes the search back, so it searches in lower case (search ignores case; MARK has capitals).
    '/',
    `/pilots?q=${MARK.toLowerCase()}`,
    '/pilots?q=canary',
    `/pilots?sector=${MARK.toLowerCase()}-sector`,
    `/pilots/${reference}`,
    '/agencies',
    `/agencies/${world.agency.code}`,
    '/stats',
  ];

  it('when a party reads its pilot, then the markers are there (the seeds reached the record)', async () => {
    const text = JSON.stringify(expectOk(await as(app, world.business).get(reference)));
    for (const m of ['approved-description', 'approved-risk-assessment', 'report', 'incident', 'claim', 'exit'])
      expect(text).to.include(`${MARK}-${m}`);
  });

  it('when anyone reads any public registry output, then no marker and no confidential amount appears', async () => {
    for (const path of publicPaths()) {
      const res = await app.http.get(path).buffer(true);
      expect(res.status, path).to.equal(200);
      const text = res.text ?? JSON.stringify(res.body);
      expect(text.length, path).to.be.greaterThan(20);
      expect(text, path).to.not.include(MARK);
      expect(text, path).to.not.include(LOSS);
      for (const h of hidden) expect(text, path).to.not.include(h.id).and.not.include(h.reference);
    }
  });

  it('when the public asks for an application never approved in any public output, then 404 or nothing', async () => {
    for (const h of hidden) {
      expectProblem(await app.http.get(`/api/v1/public/pilots/${h.reference}`), 404);
      expectProblem(await app.http.get(`/feed.atom?pilot=${h.reference}`), 404);
    }
    expect((await app.http.get('/api/v1/public/stats')).body.applications).to.include({
      received: 4,
      approved: 1,
      notApproved: 3,
    });
  });

  it("when the completed pilot's page is read, then its public records are all there", async () => {
    const page = (await app.http.get(`/api/v1/public/pilots/${reference}`)).body;
    expect(page.status).to.equal('completed');
    expect(page.completion.outcome).to.equal('graduated');
    expect(page.reports[0].publicSummary).to.equal('Quiet month.');
    expect(page.incidents[0].publicSummary).to.equal('A delayed payout.');
    expect(page.claims[0].ruling.outcome).to.equal('upheld');
    expect(page.exitReport.publicSummary).to.equal('Done.');
    expect(page.timeline.map((t: { type: string }) => t.type)).to.include.members([
      'pilot.changes_requested',
      'claim.ruled',
      'pilot.completed',
    ]);
  });
});
