// The journalist's story on the public site (issue 15): pages that say what happened, in one language,
// in Vietnam's time, and refusals a person can act on.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { approvedPilot } from '../support/public.ts';
import { pilotIn, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

const html = (app: TestApp, path: string, headers: Record<string, string> = {}) =>
  app.http
    .get(path)
    .set({ Accept: 'text/html,application/xhtml+xml', ...headers })
    .buffer(true);

/** The page's visible text, tags stripped. */
const visible = (page: string) =>
  page
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the journalist’s story on the public site', () => {
  let app: TestApp;
  let world: World;
  let reference = '';

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    reference = (await approvedPilot(world, { title: 'Ví điện tử cho chợ truyền thống' })).reference;
  });
  after(() => app.close());

  describe('the pilot page', () => {
    it('when a pilot is read, then each decision shows its reason, and periods say whether requested or granted', async () => {
      const page = await html(app, `/pilots/${reference}`);
      const text = visible(page.text);
      expect(text).to.include('Reason').and.include('The application meets the programme criteria.');
      expect(text).to.include('Granted period').and.include('Requested period (in the application)');
      // The timeline says why, next to the approval.
      const approvedItem =
        /<li>\s*<time[^>]*>[^<]*<\/time>\s*<span class="event">Approved[\s\S]*?<\/li>/.exec(page.text)?.[0] ?? '';
      expect(visible(approvedItem)).to.include('Reason: The application meets the programme criteria.');
      const vi = visible((await html(app, `/pilots/${reference}?lang=vi`)).text);
      expect(vi).to.include('Thời gian được chấp thuận').and.include('Lý do');
    });

    it('when an exemption has no end of its own, then its validity runs to the pilot’s end, with its full wording', async () => {
      const page = await html(app, `/pilots/${reference}`);
      const row = /<th scope="row"[^>]*>Circular 10\/2023[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? '';
      expect(row).to.include('Waives Circular 10/2023/TT-NHNN, Art. 5').and.include('loans up to 50m VND');
      expect(visible(row)).to.include('until the pilot’s end').and.not.include('to —');
    });

    it('when the reader reads Vietnamese, then no English code word is in the chrome, and the business’s words are marked', async () => {
      const page = (await html(app, `/pilots/${reference}?lang=vi`)).text;
      // The English content of the test data is marked lang="en"; what remains is the page's own words.
      const chrome = visible(
        page.replace(/<([a-z0-9]+)[^>]*\slang="en"[^>]*>[\s\S]*?<\/\1>/g, '').replace(/<pre[\s\S]*?<\/pre>/g, ''),
      );
      for (const word of [
        'Approved',
        'Active',
        'Suspended',
        'Granted',
        'Reason',
        'Exemption',
        'Reporting',
        'Testing started',
      ]) {
        expect(chrome, word).not.to.include(word);
      }
      expect(page).to.include('<h1>Ví điện tử cho chợ truyền thống</h1>');
      const en = (await html(app, `/pilots/${reference}`)).text;
      expect(en).to.include('<h1 lang="vi">');
    });
  });

  it('when statistics are read, then rejected, withdrawn and pending applications are counted', async () => {
    await pilotIn(world, 'rejected');
    await pilotIn(world, 'withdrawn');
    await pilotIn(world, 'under_review');
    const page = (await html(app, '/stats')).text;
    const tile = (name: string) => new RegExp(`data-count="${name}"><dt>[^<]*</dt><dd>(\\d+)</dd>`).exec(page)?.[1];
    expect(tile('rejected')).to.equal('1');
    expect(tile('withdrawn')).to.equal('1');
    expect(Number(tile('pending'))).to.be.at.least(1);
    expect(page).to.include('data-status="rejected"');
  });

  it('when an agency is read, then each programme shows its legal basis, eligibility, limits and clocks', async () => {
    const body = (await app.http.get('/api/v1/programmes')).body as unknown;
    const list = (Array.isArray(body) ? body : (body as { items: unknown[] }).items) as Record<
      string,
      string | number | string[]
    >[];
    const programme = list.find((p) => p.code === world.programme.code)!;
    expect(programme).to.be.an('object');
    const page = await html(app, `/agencies/${world.agency.code}`);
    expect(page.status).to.equal(200);
    const section = new RegExp(
      `<section class="programme" id="programme-${world.programme.code}"[\\s\\S]*?</section>`,
    ).exec(page.text)?.[0];
    expect(section).to.be.a('string');
    const text = visible(section!);
    expect(text).to.include(String(programme.legalBasis));
    for (const t of programme.solutionTypes as string[]) expect(text).to.include(t);
    expect(text).to.include(`Longest test: ${String(programme.maxDurationMonths)} months`);
    expect(text).to.include(`Report a serious incident within ${String(programme.incidentReportHours)} hours`);
    expect(section).to.include('data-clock="decisionWorkingDays"');
    const vi = visible((await html(app, `/agencies/${world.agency.code}?lang=vi`)).text);
    expect(vi)
      .to.include('Thời hạn theo quy định')
      .and.include(`${String(programme.maxDurationMonths)} tháng`);
  });

  it('when any page is read in Vietnamese, then its chrome has no English word, and English content is marked lang="en"', async () => {
    const ENGLISH = [
      'Approved',
      'Active',
      'Suspended',
      'Rejected',
      'Withdrawn',
      'Granted',
      'Reason',
      'Exemption',
      'Testing started',
      'Pilots',
      'Statistics',
      'Ledger entry',
      'Agency:',
      'Results',
    ];
    for (const path of [
      '/',
      '/pilots?q=chợ',
      `/pilots/${reference}`,
      '/agencies',
      `/agencies/${world.agency.code}`,
      '/stats',
      '/ledger',
    ]) {
      const page = (await html(app, `${path}${path.includes('?') ? '&' : '?'}lang=vi`)).text;
      const chrome = visible(
        page
          .replace(/<([a-z0-9]+)[^>]*\slang="en"[^>]*>[\s\S]*?<\/\1>/g, '')
          .replace(/<pre[\s\S]*?<\/pre>/g, '')
          .replace(/<option value="[a-z_.]+"[^>]*>/g, ''),
      );
      for (const word of ENGLISH) expect(chrome, `${path}: ${word}`).not.to.include(word);
    }
    // The test agency has no Vietnamese name: shown as written, marked as English.
    const agencies = (await html(app, '/agencies?lang=vi')).text;
    expect(agencies).to.include(`lang="en">Agency ${world.agency.code}</a>`);
    const search = (await html(app, '/pilots?lang=vi')).text;
    expect(search).to.match(/<p class="summary" lang="en">Alternative credit scoring/);
  });

  it('when any page is read in English, then no Vietnamese chrome word is in it outside content marked lang="vi"', async () => {
    const VIETNAMESE = [
      'Đang hoạt động',
      'Chấp thuận',
      'Thử nghiệm',
      'Cơ quan',
      'Tạm dừng',
      'Lý do',
      'Miễn trừ',
      'Bắt đầu',
      'Sổ cái',
    ];
    for (const path of [
      '/',
      '/pilots?q=chợ',
      `/pilots/${reference}`,
      '/agencies',
      `/agencies/${world.agency.code}`,
      '/stats',
      '/ledger',
    ]) {
      const page = (await html(app, `${path}${path.includes('?') ? '&' : '?'}lang=en`)).text;
      const chrome = visible(
        page
          .replace(/<([a-z0-9]+)[^>]*\slang="vi"[^>]*>[\s\S]*?<\/\1>/g, '')
          .replace(/<pre[\s\S]*?<\/pre>/g, '')
          .replace(/<input[^>]*>/g, ''),
      );
      for (const word of VIETNAMESE) expect(chrome, `${path}: ${word}`).not.to.include(word);
    }
  });

  describe('friendly refusals', () => {
    it('when a hand-edited search has a bad status, then a 400 page names the parameter once with the values allowed', async () => {
      const res = await html(app, '/pilots?status=bogus,flying');
      expect(res.status).to.equal(400);
      expect(res.text.match(/data-param="status"/g)?.length).to.equal(1);
      const text = visible(res.text);
      expect(text).to.include('“status” cannot be “bogus,flying”');
      expect(text).to.include('Allowed values').and.include('active (Active)').and.include('suspended');
      expect(text).not.to.include('Invalid option');
    });

    it('when the reader reads Vietnamese, then the refusal is in Vietnamese', async () => {
      const res = await html(app, '/pilots?status=bogus&lang=vi');
      expect(res.status).to.equal(400);
      const text = visible(res.text);
      expect(text).to.include('“status” không thể là “bogus”').and.include('Các giá trị được phép');
      expect(text).to.include('active (Đang hoạt động)');
      expect(text).not.to.match(/Invalid|expected|must be/);
    });

    it('when a date or an unknown parameter is given, then the page says what it takes', async () => {
      const date = visible((await html(app, '/pilots?activeOn=yesterday')).text);
      expect(date).to.include('“activeOn” cannot be “yesterday”').and.include('YYYY-MM-DD');
      const unknown = await html(app, '/ledger?colour=blue');
      expect(unknown.status).to.equal(400);
      const text = visible(unknown.text);
      expect(text).to.include('“colour” is not a setting of this page').and.include('This page takes');
    });
  });

  describe('the ledger explorer says what happened', () => {
    it('when the ledger is read, then each entry names its pilot by reference and title, never pilot:<id>', async () => {
      const res = await html(app, '/ledger');
      expect(res.status).to.equal(200);
      expect(res.text).to.include(`href="/pilots/${reference}"`).and.include('Ví điện tử cho chợ truyền thống');
      expect(visible(res.text)).not.to.match(/pilot:[0-9a-f]{24}/);
      // The title is the business's own words, marked with their language on an English page.
      expect(res.text).to.include('<span lang="vi">Ví điện tử cho chợ truyền thống</span>');
    });

    it('when an entry is opened, then it names the pilot and the agency by name', async () => {
      const ledger = (await html(app, `/ledger?pilot=${reference.toLowerCase()}&type=pilot.approved`)).text;
      const seq = /href="\/ledger\/entries\/(\d+)"/.exec(ledger)?.[1];
      expect(seq).to.be.a('string');
      const res = await html(app, `/ledger/entries/${seq}`);
      expect(res.text).to.include(`href="/pilots/${reference}"`).and.include('Ví điện tử');
      expect(visible(res.text)).not.to.match(/Subject pilot:/);
    });

    it('when the reader filters by pilot, agency or event type, then only those entries are listed', async () => {
      const other = await approvedPilot(world, { title: 'Drone giao hàng' });
      const byPilot = await html(app, `/ledger?pilot=${reference}`);
      expect(byPilot.status).to.equal(200);
      expect(byPilot.text)
        .to.include(`href="/pilots/${reference}"`)
        .and.not.include(`href="/pilots/${other.reference}"`);
      const approved = await html(app, '/ledger?type=pilot.approved');
      const types = [...approved.text.matchAll(/<span class="ref minor">([a-z_.]+)<\/span>/g)].map((x) => x[1]);
      expect(types).to.not.be.empty;
      expect(new Set(types)).to.deep.equal(new Set(['pilot.approved']));
      const byAgency = await html(app, `/ledger?agency=${world.agency.code}`);
      expect(byAgency.text).to.include(`href="/pilots/${other.reference}"`);
      // The pilot's and the agency's pages lead to their entries.
      expect((await html(app, `/pilots/${reference}`)).text).to.include(`href="/ledger?pilot=${reference}"`);
      expect((await html(app, `/agencies/${world.agency.code}`)).text).to.include(
        `href="/ledger?agency=${world.agency.code}"`,
      );
      const nobody = await html(app, '/ledger?agency=NOSUCH');
      expect(nobody.text).to.include('No entry matches.');
      expect((await html(app, '/ledger?pilot=NOPE-0000-0000')).status).to.equal(404);
    });

    it('when the type is not one the log has, then a refusal lists the event types', async () => {
      const res = await html(app, '/ledger?type=x', { 'Accept-Language': 'vi' });
      expect(res.status).to.equal(400);
      const text = visible(res.text);
      expect(text).to.include('“type” không thể là “x”').and.include('pilot.approved (Chấp thuận)');
    });
  });
});
