// Taking the registry away: the CSV and JSON downloads of what the filters select, and the Atom feed of
// public ledger events.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import { children, parseXml, textOf } from '../support/atom.ts';
import { aDecision, as, expectOk, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';
import { applicationFor, approvedPilot } from '../support/public.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const binary = (res: { text?: string }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  (res as unknown as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.push(c));
  (res as unknown as NodeJS.ReadableStream).on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('public registry: downloads and the Atom feed', () => {
  let app: TestApp;
  let world: World;
  let other: World;
  let shuttle: { id: string; reference: string };
  let lending: { id: string; reference: string };
  let neverApprovedId: string;

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    other = await sandboxWorld(app);
    shuttle = await approvedPilot(world, {
      title: 'Xe buýt tự hành "Hà Nội", tuyến 1',
      sector: 'Giao thông',
      scope: { provinces: ['Hà Nội'], participantCap: 200, monetaryCaps: [], otherLimits: [] },
    });
    lending = await approvedPilot(other, { title: 'Cho vay ngang hàng', sector: 'Ngân hàng' });
    neverApprovedId = await applicationFor(world, { title: 'Never approved' });
    expectOk(await as(app, world.regulator).act(neverApprovedId, 'reject', { decision: aDecision(app) }));
  });
  after(() => app.close());

  it('when downloading the CSV, then it is UTF-8 with a BOM, an attachment, one row per selected pilot, Vietnamese intact', async () => {
    const res = await app.http.get(`/api/v1/public/pilots.csv?agency=${world.agency.code}`).buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.match(
      /^attachment; filename="sandbox-pilots-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).to.match(/^reference,title,status,agency,organization,sector,/);
    expect(lines).to.have.length(2); // the lending pilot is another agency's
    expect(lines[1]).to.include(shuttle.reference);
    expect(lines[1]).to.include('"Xe buýt tự hành ""Hà Nội"", tuyến 1"'); // quotes doubled, diacritics intact
    expect(text).to.not.include('Never approved');
  });

  it('when asking the list for ?format=csv, then the same download comes back', async () => {
    const res = await app.http.get('/api/v1/public/pilots?format=csv&q=xe%20buyt').buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect((res.body as Buffer).toString('utf8')).to.include(shuttle.reference);
  });

  it('when downloading JSON, then every selected pilot is there as an attachment', async () => {
    const res = await app.http.get(`/api/v1/public/pilots.json?agency=${other.agency.code}`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).to.match(/^attachment; filename=".+\.json"$/);
    const body = JSON.parse(res.text) as { items: { reference: string; title: string }[]; truncated: boolean };
    expect(body.items.map((i) => i.reference)).to.deep.equal([lending.reference]);
    expect(body.truncated).to.equal(false);
    expect((await app.http.get('/api/v1/public/pilots?format=json')).body.items).to.have.length(2);
    expectProblem(await app.http.get('/api/v1/public/pilots.json?limit=5'), 400);
  });

  it("when reading the feed, then it is well-formed Atom with the pilots' entries and the agency events, newest first", async () => {
    const res = await app.http.get('/feed.atom').buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/atom+xml; charset=utf-8');
    const doc = parseXml((res.body as Buffer).toString('utf8'));
    const feed = doc.elements!.find((e) => e.type === 'element')!;
    expect(feed.name).to.equal('feed');
    expect(feed.attributes!.xmlns).to.equal(ATOM);
    const entries = children(feed, 'entry');
    const titles = entries.map((e) => textOf(children(e, 'title')[0]));
    // Entries read like news: the pilot's title and reference, what happened in words.
    expect(titles).to.include(`Xe buýt tự hành "Hà Nội", tuyến 1 (${shuttle.reference}): Approved`);
    // Application steps of an approved pilot appear under its title and reference.
    expect(titles).to.include(`Xe buýt tự hành "Hà Nội", tuyến 1 (${shuttle.reference}): Application drafted`);
    expect(titles.some((t) => t.startsWith(`${world.agency.code}: `))).to.equal(true);
    expect(titles.some((t) => t.startsWith('pilot:'))).to.equal(false);
    const updated = entries.map((e) => textOf(children(e, 'updated')[0]));
    expect(updated).to.deep.equal([...updated].sort().reverse());
    for (const e of entries) {
      const id = textOf(children(e, 'id')[0]);
      expect(id).to.match(/\/api\/v1\/ledger\/entries\/\d+$/);
    }
    expect((res.body as Buffer).toString('utf8')).to.not.include(neverApprovedId);
  });

  it('when filtering the feed by agency or pilot, then only their events come', async () => {
    const byAgency = parseXml((await app.http.get(`/feed.atom?agency=${other.agency.code}`)).text);
    const titles = children(byAgency.elements![0], 'entry').map((e) => textOf(children(e, 'title')[0]));
    expect(titles.filter((t) => t.includes(`(${lending.reference}): `))).to.have.length(4);
    expect(titles.some((t) => t.includes(shuttle.reference))).to.equal(false);
    expect(titles.some((t) => t.startsWith(`${other.agency.code}-BANKING: `))).to.equal(true);
    const byPilot = parseXml((await app.http.get(`/feed.atom?pilot=${shuttle.reference}`)).text);
    const pilotTitles = children(byPilot.elements![0], 'entry').map((e) => textOf(children(e, 'title')[0]));
    expect(pilotTitles).to.have.length(4);
    expect(pilotTitles.every((t) => t.includes(`(${shuttle.reference}): `))).to.equal(true);
    expectProblem(await app.http.get('/feed.atom?colour=red'), 400);
  });

  it('when the feed is read in Vietnamese, then its words are Vietnamese and the decision says who decided, why and on which basis', async () => {
    const doc = parseXml((await app.http.get(`/feed.atom?pilot=${shuttle.reference}&lang=vi`)).text);
    const feed = doc.elements![0];
    const entries = children(feed, 'entry');
    const approved = entries.find((e) => textOf(children(e, 'title')[0]).endsWith(': Chấp thuận'))!;
    expect(approved, 'the approval, in Vietnamese').to.exist;
    const summary = textOf(children(approved, 'summary')[0]);
    expect(summary).to.include('Lý do:').and.include('Căn cứ pháp lý:').and.include('(UTC+7)');
    expect(summary).to.not.match(/[{}]/);
    const link = children(approved, 'link')[0].attributes!.href as string;
    expect(link).to.match(new RegExp(`/pilots/${shuttle.reference}\\?lang=vi$`));
  });

  it('when a business wrote markup into its title, then the feed carries it as text, never as live HTML or raw JSON', async () => {
    const marked = await approvedPilot(world, { title: 'Ví <img src=x onerror=alert(1)> "điện tử"' });
    const xml = (await app.http.get(`/feed.atom?pilot=${marked.reference}`)).text;
    const doc = parseXml(xml);
    for (const entry of children(doc.elements![0], 'entry')) {
      const content = textOf(children(entry, 'content')[0]);
      // The content is HTML we built: every field escaped, so the title's tag is text inside a <p>.
      expect(content).to.not.include('<img');
      expect(content).to.not.match(/^\{|"data"/);
    }
    expect(xml).to.not.include('<img src=x');
  });
});

describe('public registry: absolute links and hostile hosts', () => {
  let app: TestApp;
  let world: World;
  let pilot: { id: string; reference: string };
  before(async () => {
    app = await startPilotApp({ PUBLIC_URL: 'https://registry.example.gov.vn/' });
    world = await sandboxWorld(app);
    pilot = await approvedPilot(world, { title: '=HYPERLINK("http://evil.example","click")' });
  });
  after(() => app.close());

  it('when links are absolute, then they come from PUBLIC_URL, whatever Host the request named', async () => {
    const feed = await app.http.get('/feed.atom').set('Host', 'attacker.example');
    expect(feed.text).to.include('https://registry.example.gov.vn/pilots/').and.not.include('attacker.example');
    const csv = await app.http.get('/api/v1/public/pilots.csv').set('Host', 'attacker.example');
    expect(csv.text).to.include(`https://registry.example.gov.vn/pilots/${pilot.reference}`);
  });

  it('when a Host header holds quotes or spaces, then the answers are 200, never 500', async () => {
    for (const url of ['/feed.atom', '/api/v1/public/pilots.csv', '/', `/pilots/${pilot.reference}`]) {
      const res = await app.http.get(url).set('Host', 'evil".example x');
      expect(res.status, url).to.be.below(500);
    }
  });

  it('when the CSV is opened in a spreadsheet, then no cell is a formula and dates are plain days', async () => {
    const text = (await app.http.get('/api/v1/public/pilots.csv')).text;
    const row = text.split('\r\n').find((l) => l.includes(pilot.reference))!;
    expect(row).to.include(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(row).to.match(/,\d{4}-\d{2}-\d{2},/);
    expect(row).to.not.match(/T\d{2}:\d{2}:\d{2}/);
  });
});
