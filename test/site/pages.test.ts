// The public site without JavaScript: server-rendered pages over HTTP, as a browser with scripts off (or
// a search engine, or curl) sees them. The real-browser tests are in browser.test.ts.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { approvedPilot } from '../support/public.ts';
import { expectOk, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

const html = (app: TestApp, path: string, headers: Record<string, string> = {}) =>
  app.http
    .get(path)
    .set({ Accept: 'text/html,application/xhtml+xml', ...headers })
    .buffer(true);

/** The text of the first element matching a simple tag name, tags stripped. */
const textOf = (page: string, tag: string) =>
  new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`)
    .exec(page)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();

describe('public site pages', () => {
  let app: TestApp;
  let world: World;
  let hcm = '';
  let danang = '';

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    hcm = (
      await approvedPilot(world, {
        title: 'Cho vay ngang hàng tại Hồ Chí Minh',
        publicSummary: 'Peer-to-peer lending for small traders.',
        scope: { provinces: ['Hồ Chí Minh'], participantCap: 800, monetaryCaps: [], otherLimits: [] },
      })
    ).reference;
    danang = (
      await approvedPilot(world, {
        title: 'Drone <b>giao hàng</b> Đà Nẵng',
        sector: 'Logistics',
        technologies: ['drone', 'điều khiển từ xa'],
        scope: { provinces: ['Đà Nẵng'], participantCap: 50, monetaryCaps: [], otherLimits: [] },
      })
    ).reference;
  });
  after(() => app.close());

  it('when a page is asked for, then it is a complete HTML document with a title, one h1, a skip link and no inline script or style', async () => {
    for (const path of [
      '/',
      '/pilots?q=drone',
      `/pilots/${hcm}`,
      '/agencies',
      `/agencies/${world.agency.code}`,
      '/stats',
      '/ledger',
      '/ledger/entries/0',
    ]) {
      const res = await html(app, path);
      expect(res.status, path).to.equal(200);
      expect(res.headers['content-type'], path).to.match(/^text\/html; charset=utf-8/);
      expect(res.text, path).to.match(/^<!doctype html>/);
      expect(textOf(res.text, 'title'), path).to.be.a('string').and.not.empty;
      expect(res.text.match(/<h1[ >]/g)?.length, path).to.equal(1);
      expect(res.text, path).to.include('href="#content"').and.include('<main id="content"');
      // The CSP forbids inline code: every script has a src, and nothing carries a style attribute.
      expect(res.text, path)
        .not.to.match(/<script(?![^>]*\ssrc=)[^>]*>/)
        .and.not.to.match(/\sstyle=/)
        .and.not.to.include('<style');
      expect(res.headers['content-security-policy'], path).to.include("script-src 'self'");
    }
  });

  it('when the reader prefers Vietnamese, then pages are in Vietnamese; the switch changes language and is remembered', async () => {
    const vi = await html(app, '/', { 'Accept-Language': 'vi-VN,vi;q=0.9,en;q=0.5' });
    expect(vi.text).to.include('<html lang="vi">');
    expect(vi.headers['content-language']).to.equal('vi');
    expect(vi.headers.vary).to.include('Accept-Language');
    expect(textOf(vi.text, 'h2')).to.equal('Tìm thử nghiệm');
    expect(vi.text).to.include('href="/?lang=en"');

    const en = await html(app, '/', { 'Accept-Language': 'en-US,en;q=0.9,vi;q=0.8' });
    expect(en.text).to.include('<html lang="en">');
    expect(textOf(en.text, 'h2')).to.equal('Search pilots');

    // The switch: ?lang=vi overrides the header and sets a cookie that later pages honour.
    const switched = await html(app, `/pilots/${hcm}?lang=vi`, { 'Accept-Language': 'en' });
    expect(switched.text).to.include('<html lang="vi">').and.include('Diễn biến');
    const cookie = (switched.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lang=vi'));
    expect(cookie)
      .to.match(/Path=\//)
      .and.match(/SameSite=Lax/i);
    const next = await html(app, '/stats', { 'Accept-Language': 'en', Cookie: 'lang=vi' });
    expect(next.text).to.include('<html lang="vi">').and.include('Hồ sơ đã nhận');
  });

  it('when searching with or without diacritics, then the same pilots are found, and filters narrow the list', async () => {
    for (const q of ['ho chi minh', 'Hồ Chí Minh', 'HO CHI']) {
      const res = await html(app, `/pilots?q=${encodeURIComponent(q)}`);
      expect(res.status).to.equal(200);
      expect(res.text, q).to.include(`/pilots/${hcm}`).and.not.include(`/pilots/${danang}`);
    }
    for (const q of ['da nang', 'dieu khien']) {
      expect((await html(app, `/pilots?q=${encodeURIComponent(q)}`)).text, q)
        .to.include(`/pilots/${danang}`)
        .and.not.include(`/pilots/${hcm}`);
    }
    // A form sends its empty fields: they are no filter.
    const form = await html(
      app,
      `/pilots?q=&status=&agency=${world.agency.code}&sector=logistics&technology=&province=&activeOn=&sort=reference`,
    );
    expect(form.status).to.equal(200);
    expect(form.text).to.include(`/pilots/${danang}`).and.not.include(`/pilots/${hcm}`);
    // The selection is offered as downloads with the same filters.
    expect(form.text).to.include(`/api/v1/public/pilots.csv?agency=${world.agency.code}&amp;sector=logistics`);
    const none = await html(app, '/pilots?status=revoked');
    expect(none.text).to.include('No pilot matches.');
  });

  it("when a search cannot be run, then a 400 page names the field, in the reader's language", async () => {
    const res = await html(app, '/pilots?status=flying&activeOn=yesterday');
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.include('<code>status').and.include('<code>activeOn');
    const unknown = await html(app, '/pilots?colour=blue', { 'Accept-Language': 'vi' });
    expect(unknown.status).to.equal(400);
    expect(unknown.text).to.include('Không thể thực hiện tìm kiếm này').and.include('colour');
  });

  it('when a page gets hostile or malformed input, then it answers a 4xx page, never a 500', async () => {
    const cases: [string, number][] = [
      ['/pilots/%FF', 400],
      ['/agencies/%FF', 400],
      ['/ledger/entries/99999999999999999999', 400],
      ['/ledger/entries/1e3', 400],
      ['/ledger?upTo=-1', 400],
      ['/pilots?q=a&q=b', 400],
      ['/pilots?q%5B%24ne%5D=x', 400],
      ['/pilots?after=garbage', 400],
      ['/pilots?activeOn=2026-13-45', 400],
      ['/pilots?lang=fr', 400],
      [`/pilots?q=${'x'.repeat(500)}`, 400],
      ['/assets/nope.js', 404],
      ['/assets/..%2Fpackage.json', 404],
    ];
    for (const [path, status] of cases) {
      const res = await html(app, path);
      expect(res.status, path).to.equal(status);
      expect(res.headers['content-type'], path).to.match(/^text\/html/);
    }
  });

  it('when a pilot page is opened by reference, then it shows scope, exemptions, conditions and a timeline that links to ledger entries', async () => {
    const res = await html(app, `/pilots/${hcm}`);
    expect(res.status).to.equal(200);
    expect(textOf(res.text, 'h1')).to.equal('Cho vay ngang hàng tại Hồ Chí Minh');
    expect(res.text).to.include('Circular 10/2023/TT-NHNN, Art. 5').and.include('Participant cap').and.include('800');
    const api = expectOk(await app.http.get(`/api/v1/public/pilots/${hcm}`)) as unknown as {
      timeline: { seq: number }[];
    };
    const links = [...res.text.matchAll(/href="\/ledger\/entries\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(links).to.deep.equal(api.timeline.map((t) => t.seq));
    expect(links.length).to.be.greaterThan(2);
    // Text is escaped, never markup.
    const escaped = await html(app, `/pilots/${danang}`);
    expect(escaped.text).to.include('Drone &lt;b&gt;giao hàng&lt;/b&gt; Đà Nẵng').and.not.include('<b>giao hàng</b>');
  });

  it('when a pilot, an agency, an entry or a page does not exist, then a 404 page answers browsers and problem+json answers API clients', async () => {
    for (const path of [
      '/pilots/SBV-2025-9999',
      '/pilots/not-a-reference',
      '/agencies/NOPE',
      '/ledger/entries/999999',
      '/no/such/page',
    ]) {
      const res = await html(app, path);
      expect(res.status, path).to.equal(404);
      expect(res.headers['content-type'], path).to.match(/^text\/html/);
      expect(res.text, path).to.include('Not found');
    }
    const api = await app.http.get('/no/such/page').set('Accept', 'application/json');
    expect(api.status).to.equal(404);
    expect(api.headers['content-type']).to.match(/^application\/problem\+json/);
  });

  it('when the agency and statistics pages are read, then they count what the API counts, with charts that carry their figures as text', async () => {
    const agency = await html(app, `/agencies/${world.agency.code}`);
    expect(agency.text)
      .to.include(`/pilots/${hcm}`)
      .and.include(`/pilots/${danang}`)
      .and.include(`/feed.atom?agency=${world.agency.code}`);
    const stats = expectOk(await app.http.get('/api/v1/public/stats')) as unknown as {
      applications: { received: number };
      byAgency: { agency: string; received: number }[];
    };
    const page = await html(app, '/stats');
    expect(page.text.match(/<svg [^>]*role="img"/g)?.length).to.equal(4);
    const tile = /<dt>Applications received<\/dt><dd>([^<]+)<\/dd>/.exec(page.text)?.[1];
    expect(tile).to.equal(String(stats.applications.received));
    expect(page.text).to.include(
      `<a href="/agencies/${world.agency.code}">Agency ${world.agency.code}</a></th><td>${stats.byAgency.find((a) => a.agency === world.agency.code)!.received}</td>`,
    );
  });

  it('when the ledger explorer is read, then it shows the signed checkpoint and each entry exactly as the API serves it', async () => {
    const checkpoint = (await app.http.get('/api/v1/ledger/checkpoint').buffer(true)).text;
    const page = await html(app, '/ledger');
    const size = checkpoint.split('\n')[1];
    expect(page.text).to.include(checkpoint.split('\n')[2]).and.include('data-verify-log');
    expect(page.text).to.include(`href="/ledger/entries/${Number(size) - 1}"`);
    // The approval entry names the pilot: its page links back to the pilot.
    const api = expectOk(await app.http.get(`/api/v1/public/pilots/${hcm}`)) as unknown as {
      timeline: { type: string; seq: number }[];
    };
    const approval = api.timeline.find((t) => t.type === 'pilot.approved')!;
    const entry = expectOk(await app.http.get(`/api/v1/ledger/entries/${approval.seq}`)) as unknown as {
      canonical: string;
      leafHash: string;
    };
    const entryPage = await html(app, `/ledger/entries/${approval.seq}`);
    const escapeHtml = (s: string) =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    expect(entryPage.text)
      .to.include(escapeHtml(entry.canonical))
      .and.include(entry.leafHash)
      .and.include(`href="/pilots/${hcm}"`);
    expect(entryPage.text)
      .to.include(`data-verify-entry="${approval.seq}"`)
      .and.include('<script type="module" src="/assets/verifier.js">');
    const script = await app.http.get('/assets/verifier.js');
    expect(script.status).to.equal(200);
    expect(script.headers['content-type']).to.match(/javascript/);
  });
});
