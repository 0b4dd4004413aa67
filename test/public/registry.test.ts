// The public registry as a journalist uses it: search that ignores case and diacritics, filters, cursor
// pages, a pilot's page with its timeline in the ledger, and statistics that count private applications.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import { aDecision, as, expectOk, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';
import { applicationFor, approvedPilot } from '../support/public.ts';

type Item = { reference: string; title: string; status: string };
const refs = (body: { items: Item[] }) => body.items.map((i) => i.reference).sort();

describe('public registry: pilots, search, pages and statistics', () => {
  let app: TestApp;
  let world: World;
  let hcm: { id: string; reference: string };
  let danang: { id: string; reference: string };
  let openApi: { id: string; reference: string };
  let rejectedId: string;

  const list = async (query: string) => {
    const res = await app.http.get(`/api/v1/public/pilots${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res;
  };

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    hcm = await approvedPilot(world, {
      title: 'Cho vay ngang hàng tại Hồ Chí Minh',
      publicSummary: 'Peer-to-peer lending between residents of the city.',
      sector: 'Ngân hàng',
      technologies: ['P2P lending platform'],
      scope: { provinces: ['Hồ Chí Minh'], participantCap: 1000, monetaryCaps: [], otherLimits: [] },
    });
    danang = await approvedPilot(
      world,
      {
        title: 'Giao hàng bằng thiết bị bay không người lái',
        publicSummary: 'Drone delivery with remote điều khiển in Đà Nẵng.',
        sector: 'Transport',
        technologies: ['drones'],
        scope: { provinces: ['Đà Nẵng'], participantCap: 50, monetaryCaps: [], otherLimits: [] },
      },
      10,
      200,
    );
    openApi = await approvedPilot(world, {
      title: 'Open API gateway',
      publicSummary: 'Bank account data shared through open APIs in Hà Nội.',
      sector: 'Ngân hàng',
      technologies: ['open api'],
      scope: { provinces: ['Hà Nội'], participantCap: 100, monetaryCaps: [], otherLimits: [] },
    });
    expectOk(await as(app, world.regulator).act(openApi.id, 'revoke', { decision: aDecision(app) }));
    rejectedId = await applicationFor(world, { title: 'Hồ Chí Minh secret plan' });
    expectOk(await as(app, world.regulator).act(rejectedId, 'reject', { decision: aDecision(app) }));
    await applicationFor(world, { title: 'Hồ Chí Minh pending plan' }); // still under review
  });
  after(() => app.close());

  it('when searching without diacritics, then pilots written with them are found, and the other way round', async () => {
    expect(refs((await list('?q=ho%20chi%20minh')).body)).to.deep.equal([hcm.reference]);
    expect(refs((await list('?q=HO%20CHI%20MINH')).body)).to.deep.equal([hcm.reference]);
    expect(refs((await list('?q=da%20nang')).body)).to.deep.equal([danang.reference]);
    expect(refs((await list('?q=dieu%20khien')).body)).to.deep.equal([danang.reference]);
    expect(refs((await list(`?q=${encodeURIComponent('Đà Nẵng')}`)).body)).to.deep.equal([danang.reference]);
    expect(refs((await list(`?q=${encodeURIComponent('hồ chí')}`)).body)).to.deep.equal([hcm.reference]);
    // Prefixes match; every word must match.
    expect(refs((await list('?q=nga')).body)).to.include.members([hcm.reference, openApi.reference]);
    expect((await list('?q=ho%20chi%20minh%20drone')).body.items).to.deep.equal([]);
  });

  it('when searching, then applications that were never approved are not found', async () => {
    const res = await list('?q=plan');
    expect(res.body.items.map((i: Item) => i.title)).to.not.include.members([
      'Hồ Chí Minh secret plan',
      'Hồ Chí Minh pending plan',
    ]);
  });

  it('when filtering by status, agency, sector, technology, province and dates, then only matching pilots come back', async () => {
    expect(refs((await list('?status=revoked')).body)).to.deep.equal([openApi.reference]);
    expect(refs((await list('?status=active,approved')).body)).to.deep.equal([hcm.reference, danang.reference].sort());
    expect(refs((await list(`?agency=${world.agency.code}`)).body)).to.have.length(3);
    expect((await list('?agency=NOPE')).body.items).to.deep.equal([]);
    expect(refs((await list('?sector=ngan%20hang')).body)).to.deep.equal([hcm.reference, openApi.reference].sort());
    expect(refs((await list('?technology=Drones')).body)).to.deep.equal([danang.reference]);
    expect(refs((await list('?province=da%20nang')).body)).to.deep.equal([danang.reference]);
    const today = app.clock.now().toISOString().slice(0, 10);
    const in5 = new Date(app.clock.now().getTime() + 5 * 86_400_000).toISOString();
    // Active on a date: started by then and not yet ended, revoked or completed.
    expect(refs((await list(`?activeOn=${encodeURIComponent(in5)}`)).body)).to.deep.equal([hcm.reference]);
    expect(refs((await list(`?startFrom=${encodeURIComponent(in5)}`)).body)).to.deep.equal([danang.reference]);
    expect(refs((await list(`?startTo=${today}T23:59:59Z&endFrom=${today}`)).body)).to.deep.equal(
      [hcm.reference, openApi.reference].sort(),
    );
  });

  it('when the query has an unknown or malformed parameter, then 400 problem+json names it', async () => {
    const unknown = await app.http.get('/api/v1/public/pilots?colour=red');
    expectProblem(unknown, 400, '/problems/validation-error');
    expect(unknown.body.errors).to.deep.include({ field: 'colour', reason: 'is not an accepted field' });
    expectProblem(await app.http.get('/api/v1/public/pilots?status=nope'), 400);
    expectProblem(await app.http.get('/api/v1/public/pilots?activeOn=yesterday'), 400);
    expectProblem(await app.http.get('/api/v1/public/pilots?sort=colour'), 400);
    expectProblem(await app.http.get('/api/v1/public/pilots?after=bm90LWEtY3Vyc29y'), 400);
    expectProblem(await app.http.get('/api/v1/public/pilots?q[$ne]=x'), 400);
  });

  it('when paging one by one in any sort, then every pilot comes once, in order, following the Link header', async () => {
    for (const sort of ['reference', '-reference', 'title', '-start', 'end', '-updated']) {
      const seen: Item[] = [];
      let path: string | null = `/api/v1/public/pilots?limit=1&sort=${sort}`;
      while (path) {
        const res = await list(path.slice('/api/v1/public/pilots'.length));
        seen.push(...res.body.items);
        const link = res.headers.link as string | undefined;
        expect(Boolean(link)).to.equal(res.body.next !== null);
        path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null;
      }
      expect(seen.map((i) => i.reference).sort(), sort).to.deep.equal(
        [hcm.reference, danang.reference, openApi.reference].sort(),
      );
      const all = (await list(`?sort=${sort}`)).body.items as Item[];
      expect(
        seen.map((i) => i.reference),
        sort,
      ).to.deep.equal(all.map((i) => i.reference));
    }
    const byRef = (await list('?sort=reference')).body.items as Item[];
    expect(byRef.map((i) => i.reference)).to.deep.equal([...byRef.map((i) => i.reference)].sort());
  });

  it('when reading a pilot by reference, then its scope, exemptions, conditions and the whole timeline link to ledger entries', async () => {
    const res = await app.http.get(`/api/v1/public/pilots/${hcm.reference}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const page = res.body;
    expect(page.reference).to.equal(hcm.reference);
    expect(page.scope.provinces).to.deep.equal(['Hồ Chí Minh']);
    expect(page.exemptions[0].legalReference).to.equal('Circular 10/2023/TT-NHNN, Art. 5');
    expect(page.conditions.map((c: { type: string }) => c.type)).to.include('reporting');
    expect(page.programme.legalBasis).to.equal('Decree 94/2025/ND-CP');
    const types = page.timeline.map((t: { type: string }) => t.type);
    expect(types).to.deep.equal(['pilot.created', 'pilot.submitted', 'pilot.review_started', 'pilot.approved']);
    // Application steps carry the opaque subject; the approval entry names the reference and the id.
    expect(page.timeline[0].subject).to.equal(`pilot:${hcm.id}`);
    expect(page.timeline[3].subject).to.equal(hcm.reference);
    expect(page.timeline[3].data.pilot).to.equal(hcm.id);
    for (const item of page.timeline as { seq: number; entry: string; type: string }[]) {
      expect(item.entry).to.equal(`/api/v1/ledger/entries/${item.seq}`);
      const entry = await app.http.get(item.entry);
      expect(entry.status).to.equal(200);
      expect(entry.body.entry.type).to.equal(item.type);
    }
  });

  it('when a pilot page shows a revocation, then the decision and the revoked exemptions are there', async () => {
    const page = (await app.http.get(`/api/v1/public/pilots/${openApi.reference}`)).body;
    expect(page.status).to.equal('revoked');
    expect(page.decisions.map((d: { action: string }) => d.action)).to.deep.equal(['approve', 'revoke']);
    expect(page.exemptions[0].state).to.equal('revoked');
    expect(page.timeline.at(-1).type).to.equal('pilot.revoked');
  });

  it('when anyone asks for an application never approved, by id or by reference, then 404 as for no pilot at all', async () => {
    const reference = expectOk(await as(app, world.business).get(rejectedId)).reference as string;
    expectProblem(await app.http.get(`/api/v1/public/pilots/${reference}`), 404);
    expectProblem(await app.http.get(`/api/v1/public/pilots/${rejectedId}`), 404);
    expectProblem(await app.http.get('/api/v1/public/pilots/SBV-2026-9999'), 404);
    expectProblem(await app.http.get(`/feed.atom?pilot=${reference}`), 404);
  });

  it('when reading statistics, then applications never approved are counted but not described', async () => {
    const res = await app.http.get('/api/v1/public/stats');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const stats = res.body;
    expect(stats.applications).to.include({ received: 5, approved: 3, notApproved: 2 });
    expect(stats.applications.byStatus).to.deep.include.members([
      { key: 'rejected', count: 1 },
      { key: 'under_review', count: 1 },
      { key: 'revoked', count: 1 },
    ]);
    expect(stats.pilots.total).to.equal(3);
    expect(stats.pilots.bySector).to.deep.include.members([
      { key: 'Ngân hàng', count: 2 },
      { key: 'Transport', count: 1 },
    ]);
    expect(stats.byAgency).to.deep.equal([{ agency: world.agency.code, received: 5, approved: 3 }]);
    const month = app.clock.now().toISOString().slice(0, 7);
    expect(stats.byMonth).to.deep.equal([{ month, received: 5, approved: 3 }]);
    expect(JSON.stringify(stats)).to.not.match(/secret plan|pending plan/);
  });
});
