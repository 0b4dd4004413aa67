// No confidential field appears in any public output. Distinctive markers are seeded into every
// confidential field of an approved pilot's records, and into every field of applications that were never
// approved; then every public answer (ledger entries' canonical text included) is searched for them.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import { markedPilot } from '../support/canaries.ts';
import { aDecision, anApplication, as, expectOk, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

const MARK = 'CANARY7f3a';

describe('confidentiality', () => {
  let app: TestApp;
  let world: World;
  const ids: Record<'approved' | 'rejected' | 'withdrawn', string> = { approved: '', rejected: '', withdrawn: '' };

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    const biz = as(app, world.business);
    const reg = as(app, world.regulator);

    // An approved pilot with a marker in every confidential field of every record it accumulates.
    const { id } = await markedPilot(app, world, MARK);
    ids.approved = id;

    // Applications never approved stay anonymous: even their public-looking fields must not leak.
    const secretApplication = {
      ...anApplication(app, `${MARK}-never`),
      title: `${MARK}-title`,
      publicSummary: `${MARK}-summary`,
    };
    ids.rejected = expectOk(await biz.createPilot(world, secretApplication), 201).id;
    expectOk(await biz.act(ids.rejected, 'submit'));
    expectOk(await reg.act(ids.rejected, 'start_review'));
    expectOk(
      await reg.act(ids.rejected, 'reject', {
        decision: aDecision(app, `${MARK}-decision`, `${MARK}-rejection-reason`),
      }),
    );
    ids.withdrawn = expectOk(await biz.createPilot(world, secretApplication), 201).id;
    expectOk(await biz.act(ids.withdrawn, 'submit'));
    expectOk(await biz.act(ids.withdrawn, 'withdraw', { reason: `${MARK}-withdrawal` }));
  });
  after(() => app.close());

  it('when a party reads its pilot, then the markers are there (the seeds reached the record)', async () => {
    const text = JSON.stringify(expectOk(await as(app, world.regulator).get(ids.approved)));
    for (const field of ['description', 'justification', 'risk-assessment', 'data-protection', 'exit-plan'])
      expect(text, field).to.include(`${MARK}-approved-${field}`);
    for (const field of ['report', 'incident', 'claim', 'exit']) expect(text, field).to.include(`${MARK}-${field}`);
  });

  it("when anyone reads the public ledger, then no entry's canonical text carries a marker or the confidential loss amount", async () => {
    let seen = 0;
    for (let start: number | null = 0; start !== null;) {
      const page = await app.http.get(`/api/v1/ledger/entries?start=${start}&limit=100`);
      expect(page.status).to.equal(200);
      for (const item of page.body.entries as { canonical: string }[]) {
        expect(item.canonical).to.not.include(MARK);
        expect(item.canonical).to.not.include('777123');
        seen++;
      }
      start = page.body.next;
    }
    expect(seen).to.be.greaterThan(20);
  });

  it('when the public, another business or another agency reads the approved pilot and its records, then no marker appears', async () => {
    const reference = expectOk(await as(app, world.business).get(ids.approved)).reference as string;
    for (const reader of [null, world.otherBusiness, world.otherRegulator]) {
      const who = as(app, reader);
      for (const path of [ids.approved, reference]) {
        const res = expectOk(await who.get(path));
        expect(res.view).to.equal('public');
        expect(JSON.stringify(res)).to.not.include(MARK);
        expect(JSON.stringify(res)).to.not.include('777123');
      }
      for (const part of ['exemptions', 'conditions', 'reports', 'incidents', 'claims']) {
        const res = await who.read(ids.approved, part);
        expect(res.status, part).to.equal(200);
        expect(res.text, part).to.not.include(MARK);
        expect(res.text, part).to.not.include('777123');
      }
    }
  });

  it('when the public asks for applications that were never approved, then 404, as for one that does not exist', async () => {
    for (const id of [ids.rejected, ids.withdrawn]) {
      for (const reader of [null, world.otherBusiness, world.otherRegulator]) {
        expectProblem(await as(app, reader).get(id), 404);
        expectProblem(await as(app, reader).read(id, 'reports'), 404);
      }
    }
  });

  it("when a party fetches the private ledger content, then each salt and content matches its entry's commitment", async () => {
    const res = await as(app, world.business).read(ids.approved, 'ledger-private');
    expect(res.status).to.equal(200);
    const items = res.body.items as {
      canonical: string;
      commitment: string | null;
      private: { salt: string; content: string } | null;
    }[];
    expect(items.filter((i) => i.private).length).to.be.greaterThan(5);
    for (const item of items) {
      if (!item.commitment) continue;
      const digest = createHash('sha256')
        .update(Buffer.from(item.private!.salt, 'base64'))
        .update(item.private!.content, 'utf8')
        .digest('hex');
      expect(digest).to.equal(item.commitment);
    }
    expect(JSON.stringify(items)).to.include(`${MARK}-report`);
    expect(JSON.stringify(items)).to.include(`${MARK}-review-note`); // cleared from the record on resubmission, kept in the ledger
    expectProblem(await as(app, world.otherBusiness).read(ids.approved, 'ledger-private'), 404);
    expectProblem(await as(app, null).read(ids.approved, 'ledger-private'), 401);
  });
});
