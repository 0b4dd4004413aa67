// Lists for the parties: a business sees its organization's pilots, a regulator its agency's submitted
// ones with a review queue (submitted and under review, oldest first); filters and cursor pages.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import { as, DAY, expectOk, pilotIn, sandboxWorld, startPilotApp, travel, type World } from '../support/pilots.ts';

interface Item {
  id: string;
  state: string;
  submittedAt: string | null;
}

describe('pilot lists', () => {
  let app: TestApp;
  let world: World;
  const ids: Record<string, string> = {};
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    for (const state of ['draft', 'submitted', 'under_review', 'active', 'rejected']) {
      ids[state] = await pilotIn(world, state);
      travel(world, DAY);
    }
    ids.second = await pilotIn(world, 'submitted');
    ids.other = expectOk(await as(app, world.otherBusiness).createPilot(world), 201).id;
  });
  after(() => app.close());

  const all = async (who: Parameters<typeof as>[1], query: string) => {
    const items: Item[] = [];
    let url: string | null = `/api/v1/pilots${query}`;
    while (url) {
      const res: { status: number; body: { items: Item[] }; headers: Record<string, string> } = await app.http
        .get(url)
        .set(who!.auth);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      items.push(...res.body.items);
      url = res.headers.link ? res.headers.link.slice(1, res.headers.link.indexOf('>')) : null;
    }
    return items;
  };

  it("when a business lists pilots, then it sees its organization's, in pages, and no other", async () => {
    const items = await all(world.business, '?limit=2');
    expect(items.map((i) => i.id)).to.have.members([
      ids.draft,
      ids.submitted,
      ids.under_review,
      ids.active,
      ids.rejected,
      ids.second,
    ]);
    expect((await all(world.otherBusiness, '')).map((i) => i.id)).to.deep.equal([ids.other]);
  });

  it("when a regulator lists, then drafts and other agencies' pilots are not there; state filters apply", async () => {
    const items = await all(world.regulator, '');
    expect(items.map((i) => i.id)).to.have.members([
      ids.submitted,
      ids.under_review,
      ids.active,
      ids.rejected,
      ids.second,
    ]);
    expect((await all(world.regulator, '?state=active,rejected')).map((i) => i.state).sort()).to.deep.equal([
      'active',
      'rejected',
    ]);
    expect(await all(world.otherRegulator, '')).to.deep.equal([]);
    expectProblem(await as(app, world.regulator).list('?state=nonsense'), 400);
  });

  it('when a regulator opens the review queue, then submitted and under-review applications come oldest first, page by page', async () => {
    const queue = await all(world.regulator, '?queue=review&limit=1');
    expect(queue.map((i) => i.id)).to.deep.equal([ids.submitted, ids.under_review, ids.second]);
    const times = queue.map((i) => i.submittedAt!);
    expect([...times].sort()).to.deep.equal(times);
  });

  it('when an admin lists, then every pilot is there', async () => {
    expect((await all(world.admin, '')).length).to.equal(7);
  });
});
