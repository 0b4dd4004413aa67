// The public site in a real browser (headless Chromium): what a journalist does on the seeded demo
// registry — search with and without diacritics, filter, open a pilot, follow its timeline into the
// ledger, verify an entry with WebCrypto, switch language — plus keyboard use and an accessibility check
// (axe-core) of every page type. The site's CSP stays on: any violation fails the test.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../server/accounts/admin.ts';
import { RegistryClient } from '../../scripts/seed/client.ts';
import { seedRegistry } from '../../scripts/seed/story.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { PASSWORD } from '../support/actors.ts';
import { findChromium, launchChromium, runAxe, warnSkipped } from '../support/browser.ts';

/** An Ed25519 seed whose vkey, `<name>+<id>+AfOBYm5B5wJ+pDG…`, has a '+' inside its base64. */
const PLUS_IN_VKEY_SEED = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAM=';

describe('public site in a browser', function () {
  this.timeout(180_000);
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    this.timeout(300_000); // seeding the demo registry through the API
    const chromium = findChromium();
    if ('missing' in chromium) {
      warnSkipped(chromium.missing);
      this.skip();
    }
    // A signing key whose vkey's base64 holds a '+' (the vkey's separator): the verifier must not split on it.
    app = await startApp({ env: { LEDGER_SIGNING_KEY: PLUS_IN_VKEY_SEED } });
    expect(app.ctx.ledger.checkpoints.publicKey().vkey.split('+').length).to.be.greaterThan(3);
    await createUser(app.ctx, {
      email: 'browser-admin@registry.example',
      password: PASSWORD,
      name: 'Operator',
      role: 'admin',
    });
    const api = new RegistryClient(app.url);
    await seedRegistry(api, await api.login('browser-admin@registry.example', PASSWORD), () => {});
    browser = await launchChromium(chromium.path);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ baseURL: app.url, locale: 'en-GB' });
    page = await context.newPage();
    problems.length = 0;
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
  });
  afterEach(async () => {
    await context?.close();
    expect(problems, 'no script error, no CSP violation, no failed load').to.deep.equal([]);
  });

  /** Waits for the verifier's verdict and returns it with each step's report (a failure shows why). */
  async function verdict() {
    await page.locator('[data-verify-verdict]:not(:empty)').waitFor({ timeout: 90_000 });
    const report = await page.locator('[data-verify-report] li').allTextContents();
    const text = (await page.locator('[data-verify-verdict]').textContent()) ?? '';
    const ok = (await page.locator('[data-verify-verdict]').getAttribute('class')) === 'verdict ok';
    return { text, ok, report: report.map((r) => r.replace(/\s+/g, ' ').trim()).join('\n') };
  }
  /** The verdict is a success (in the page's language). */
  async function expectVerified() {
    const { text, ok, report } = await verdict();
    expect(ok, `${text}\n${report}`).to.equal(true);
  }

  const resultTitles = () => page.locator('.pilot-card h3 a').allTextContents();

  async function search(q: string) {
    await page.goto('/');
    await page.getByLabel('Words').fill(q);
    await page.getByLabel('Words').press('Enter');
    await page.waitForURL(/\/pilots\?/);
    return resultTitles();
  }

  it('when a journalist searches with or without Vietnamese diacritics, then the same pilots are found', async () => {
    const plain = await search('ho chi minh');
    expect(plain).to.include('Nền tảng cho vay ngang hàng tại Thành phố Hồ Chí Minh');
    expect(await search('Hồ Chí Minh')).to.deep.equal(plain);
    const drones = await search('da nang');
    expect(drones).to.include('Giao hàng bằng thiết bị bay không người lái tại Đà Nẵng');
    expect(drones).not.to.include('Nền tảng cho vay ngang hàng tại Thành phố Hồ Chí Minh');
    expect(await search('điều khiển')).to.deep.equal(await search('dieu khien'));
    expect(await search('no such words anywhere')).to.deep.equal([]);
    expect(await page.locator('.empty').textContent()).to.equal('No pilot matches.');
  });

  it('when filters are chosen in the form, then only matching pilots are listed and the choice stays in the form', async () => {
    await page.goto('/');
    await page.getByLabel('Agency').selectOption('SBV');
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/agency=SBV/);
    const refs = await page.locator('.pilot-card .ref').allTextContents();
    expect(refs.length).to.be.greaterThan(0);
    for (const ref of refs) expect(ref).to.match(/^SBV-/);
    for (const badge of await page.locator('.pilot-card .badge').allTextContents()) expect(badge).to.equal('Active');
    expect(await page.getByLabel('Agency').inputValue()).to.equal('SBV');
    // Every pilot of the selection is one this filter admits, as the API says.
    const api = (await app.http.get('/api/v1/public/pilots?agency=SBV&status=active')).body as {
      items: { reference: string }[];
    };
    expect([...refs].sort()).to.deep.equal(api.items.map((i) => i.reference).sort());
  });

  it('when a pilot is opened and its timeline followed into the ledger, then "verify" checks the proof and the signature in the browser', async () => {
    await search('ngang hàng');
    await page.getByRole('link', { name: 'Nền tảng cho vay ngang hàng tại Thành phố Hồ Chí Minh' }).click();
    await page.waitForURL(/\/pilots\/SBV-\d{4}-\d{4}$/);
    expect(await page.locator('h1').textContent()).to.equal('Nền tảng cho vay ngang hàng tại Thành phố Hồ Chí Minh');
    expect(await page.getByRole('heading', { name: 'Exemptions' }).count()).to.equal(1);
    const entries = page.locator('.timeline a[href^="/ledger/entries/"]');
    expect(await entries.count()).to.be.greaterThan(2);
    await entries.last().click();
    await page.waitForURL(/\/ledger\/entries\/\d+$/);

    const verify = page.getByRole('button', { name: 'Verify this entry' });
    await verify.click();
    await expectVerified();
    expect((await verdict()).text).to.equal('Verified');
    expect(await page.locator('[data-verify-report] li.ok').count()).to.equal(4);
  });

  it("when an entry was rewritten in the database, then the browser's verification fails and says where", async () => {
    const { LedgerEntry } = app.ctx.models;
    const doc = await LedgerEntry.findOne({ seq: 5 }).select({ canonical: 1 }).lean();
    const original = doc!.canonical;
    await LedgerEntry.updateOne({ seq: 5 }, { $set: { canonical: original.replace('"v":1', '"v":1 ') } });
    try {
      await page.goto('/ledger/entries/5');
      await page.getByRole('button', { name: 'Verify this entry' }).click();
      expect((await verdict()).text).to.match(/^Verification failed/);
      expect(await page.locator('[data-step="leaf"]').getAttribute('class')).to.equal('fail');
      await page.goto('/ledger');
      await page.getByRole('button', { name: 'Verify the whole log' }).click();
      expect((await verdict()).text)
        .to.match(/^Verification failed/)
        .and.include('entry 5');
    } finally {
      await LedgerEntry.updateOne({ seq: 5 }, { $set: { canonical: original } });
    }
    await page.reload();
    await page.getByRole('button', { name: 'Verify the whole log' }).click();
    await expectVerified();
  });

  it('when the reader switches language, then the page and the next ones are in Vietnamese until switched back', async () => {
    await page.goto('/stats');
    expect(await page.locator('h1').textContent()).to.equal('Statistics');
    await page.getByRole('link', { name: 'Xem bằng tiếng Việt' }).click();
    await page.waitForURL(/lang=vi/);
    expect(await page.locator('html').getAttribute('lang')).to.equal('vi');
    expect(await page.locator('h1').textContent()).to.equal('Thống kê');
    await page.getByRole('link', { name: 'Thử nghiệm', exact: true }).click();
    expect(await page.locator('h2#search-heading').textContent()).to.equal('Tìm thử nghiệm');
    await page.getByRole('link', { name: 'View in English' }).click();
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
  });

  it('when the reader prefers Vietnamese in the browser settings, then the site answers in Vietnamese', async () => {
    const vi = await browser.newContext({ baseURL: app.url, locale: 'vi-VN' });
    try {
      const p = await vi.newPage();
      await p.goto('/');
      expect(await p.locator('html').getAttribute('lang')).to.equal('vi');
      expect(await p.getByRole('button', { name: 'Tìm kiếm' }).count()).to.equal(1);
    } finally {
      await vi.close();
    }
  });

  it('when only the keyboard is used, then the skip link comes first, the search runs and "verify" can be pressed', async () => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).to.equal(
      'Skip to content',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/#content$/);
    await page.getByLabel('Words').focus();
    await page.keyboard.type('blockchain');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=blockchain/);
    expect(await resultTitles()).to.include('Truy xuất nguồn gốc cà phê bằng blockchain');
    await page.goto('/ledger/entries/0');
    await page.getByRole('button', { name: 'Verify this entry' }).focus();
    await page.keyboard.press('Enter');
    await expectVerified();
  });

  it('when each page type is checked with axe-core, in both languages, then there is no serious or critical violation', async () => {
    const reference = (
      (await app.http.get('/api/v1/public/pilots?limit=1&sort=-approved')).body as { items: { reference: string }[] }
    ).items[0].reference;
    const pages = [
      '/',
      '/pilots?q=ha+noi',
      `/pilots/${reference}`,
      '/agencies',
      '/agencies/SBV',
      '/stats',
      '/ledger',
      '/ledger/entries/3',
      '/no-such-page',
    ];
    const found: string[] = [];
    for (const lang of ['en', 'vi']) {
      for (const path of pages) {
        const response = await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(response?.status(), path).to.equal(path === '/no-such-page' ? 404 : 200);
        if (path.startsWith('/ledger')) {
          await page.locator('button.verify-button').click();
          await expectVerified();
        }
        const { passes, violations } = await runAxe(page);
        // axe really looked: a page this size passes dozens of its rules.
        expect(passes, path).to.be.greaterThan(10);
        for (const v of violations) {
          if (v.impact === 'serious' || v.impact === 'critical')
            found.push(
              `${lang} ${path}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
            );
        }
      }
    }
    expect(found, found.join('\n')).to.deep.equal([]);
    // The 404 page's failed load is the one expected console error.
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('404')));
  });
});
