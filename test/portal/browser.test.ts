// The portal in a real browser (headless Chromium, the site's CSP on): keyboard-only sign-in and an
// application step refused and fixed from the error summary; the regulator's exemption and condition
// builders with their script (add a row, one type's parameters at a time); and axe-core on every portal
// page type in both languages. With SCREENSHOT_DIR set, each page is also saved there as a PNG.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { asAdmin, type Actor } from '../support/actors.ts';
import { findChromium, launchChromium, runAxe, warnSkipped } from '../support/browser.ts';
import { as, daysFrom, expectOk, pilotIn, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

describe('the portal in a browser', function () {
  this.timeout(180_000);
  let app: TestApp;
  let world: World;
  let admin: Actor;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    this.timeout(300_000);
    const chromium = findChromium();
    if ('missing' in chromium) {
      warnSkipped(chromium.missing);
      this.skip();
    }
    app = await startPilotApp();
    world = await sandboxWorld(app);
    admin = await asAdmin(app);
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
      // A refused form answers 400 (or 409, 412) with its page: Chromium logs it, and it is expected.
      if (msg.type() === 'error' && !/status of (400|409|412)\b/.test(msg.text()))
        problems.push(`console: ${msg.text()}`);
    });
  });
  afterEach(async () => {
    await context?.close();
    expect(problems, 'no script error, no CSP violation, no failed load').to.deep.equal([]);
  });

  const activeId = () => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
  /** Presses Tab until the element with `id` has the focus (a keyboard user's way to a field). */
  async function tabTo(id: string) {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await activeId()) === id) return;
    }
    throw new Error(`Tab never reached #${id}`);
  }
  async function signIn(actor: Actor) {
    await page.goto('/login');
    await page.fill('#f-email', actor.email);
    await page.fill('#f-password', actor.password);
    await Promise.all([page.waitForURL('**/portal'), page.click('button[type=submit]')]);
  }

  it('when a business uses only the keyboard, then it signs in, starts an application and fixes a refused field from the summary', async () => {
    await page.goto('/login');
    await tabTo('f-email');
    await page.keyboard.type(world.business.email);
    await tabTo('f-password');
    await page.keyboard.type(world.business.password);
    await Promise.all([page.waitForURL('**/portal'), page.keyboard.press('Enter')]);
    expect(await page.textContent('.account-bar')).to.include('Acme Fintech');

    await page.goto('/portal/pilots/new');
    await tabTo('f-programmeId');
    await page.keyboard.press('ArrowDown');
    await tabTo('f-title');
    await page.keyboard.type('Keyboard pilot');
    await Promise.all([page.waitForURL('**/application/applicant'), page.keyboard.press('Enter')]);
    await page.goto(page.url().replace(/applicant$/, 'scope'));

    await tabTo('f-scope-provinces');
    await page.keyboard.type('Hà Nội');
    await tabTo('f-scope-participantCap');
    await page.keyboard.type('-3');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.error-summary');
    await page.waitForFunction('document.activeElement && document.activeElement.hasAttribute("data-error-summary")');
    expect(await page.textContent('.error-summary')).to.include('must be more than 0');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.getAttribute("href")')).to.equal('#f-scope-participantCap');
    await page.keyboard.press('Enter');
    expect(await activeId()).to.equal('f-scope-participantCap');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('500');
    await Promise.all([page.waitForURL('**/application/dates'), page.keyboard.press('Enter')]);
  });

  it('when a regulator approves with the builders, then rows are added in place and each condition type shows its own parameters', async () => {
    const id = await pilotIn(world, 'under_review');
    await signIn(world.regulator);
    await page.goto(`/portal/pilots/${id}`);
    await page.click('#form-pilot-approve-');
    const form = page.locator('#form-pilot-approve- form');
    // Today in Vietnam: the test starts at once (the form offers the planned start, a month away).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(app.clock.now());
    await form.locator('#f-start').fill(today);
    await form.locator('#f-decision-reference').fill('201/QĐ-NHNN');
    await form.locator('#f-decision-signerTitle').fill('Deputy Governor');
    await form.locator('#f-decision-reason').fill('Meets the programme.');
    await form.locator('#f-exemptions-0-legalReference').fill('Circular 10/2023/TT-NHNN, Art. 5');
    await form.locator('#f-exemptions-0-description').fill('Scoring without history.');
    await form.locator('#f-exemptions button.add-row').click();
    await form.locator('#f-exemptions-1-legalReference').fill('Decree 13/2023/ND-CP, Art. 11');
    await form.locator('#f-exemptions-1-description').fill('In-app consent.');
    await form.locator('#f-conditions-0-type').selectOption('cap');
    expect(await form.locator('[data-variant-of="f-conditions-0-type"][data-variant="cap"]').isVisible()).to.equal(
      true,
    );
    expect(
      await form.locator('[data-variant-of="f-conditions-0-type"][data-variant="reporting"]').isVisible(),
    ).to.equal(false);
    await form.locator('#f-conditions-0-description').fill('At most 500 borrowers.');
    await form.locator('#f-conditions-0-parameters-metric').fill('borrowers');
    await form.locator('#f-conditions-0-parameters-limit').fill('500');
    await form.locator('#f-conditions button.add-row').click();
    await form.locator('#f-conditions-1-type').selectOption('disclosure');
    await form.locator('#f-conditions-1-description').fill('Tell borrowers.');
    await form.locator('#f-conditions-1-parameters-channel').fill('In the app');
    await Promise.all([page.waitForURL(/done=/), form.locator('button[type=submit]').click()]);
    const record = expectOk(await as(app, world.regulator).get(id)) as unknown as {
      state: string;
      exemptions: unknown[];
      conditions: unknown[];
    };
    expect(record.state).to.equal('active');
    expect(record.exemptions).to.have.length(2);
    expect(record.conditions).to.have.length(2);
  });

  it('when each portal page type is checked with axe-core, in both languages, then there is no serious or critical violation', async () => {
    const draft = await pilotIn(world, 'draft');
    const active = await pilotIn(world, 'active');
    const business = as(app, world.business);
    expectOk(
      await business.file(active, 'incidents', {
        occurredAt: daysFrom(app, 0),
        severity: 'medium',
        publicSummary: 'Outage.',
        confidentialDetail: 'x',
        affectedParticipants: 3,
        estimatedLoss: { amount: 1000, currency: 'VND' },
        mitigationSteps: [{ at: daysFrom(app, 0), description: 'Manual review.' }],
      }),
      201,
    );
    const shots = process.env.SCREENSHOT_DIR;
    if (shots) mkdirSync(shots, { recursive: true });
    const pages: { who: Actor | null; name: string; url: string; open?: boolean }[] = [
      { who: null, name: 'login', url: '/login' },
      { who: null, name: 'register', url: '/register' },
      { who: world.business, name: 'business-dashboard', url: '/portal' },
      { who: world.business, name: 'new-application', url: '/portal/pilots/new' },
      { who: world.business, name: 'step-applicant', url: `/portal/pilots/${draft}/application/applicant` },
      { who: world.business, name: 'step-scope', url: `/portal/pilots/${draft}/application/scope` },
      { who: world.business, name: 'step-review', url: `/portal/pilots/${draft}/application/review` },
      { who: world.business, name: 'business-pilot', url: `/portal/pilots/${active}`, open: true },
      { who: world.business, name: 'account', url: '/portal/account' },
      { who: world.regulator, name: 'regulator-dashboard', url: '/portal' },
      { who: world.regulator, name: 'regulator-pilots', url: '/portal/pilots?status=active' },
      { who: world.regulator, name: 'regulator-pilot', url: `/portal/pilots/${active}`, open: true },
      { who: admin, name: 'admin', url: '/portal/admin', open: true },
    ];
    const failures: string[] = [];
    let signedInAs: Actor | null = null;
    for (const p of pages) {
      if (p.who !== signedInAs) {
        await context.clearCookies();
        if (p.who) await signIn(p.who);
        signedInAs = p.who;
      }
      for (const lang of ['en', 'vi']) {
        const sep = p.url.includes('?') ? '&' : '?';
        const res = await page.goto(`${p.url}${sep}lang=${lang}`);
        expect(res?.status(), `${p.name} ${lang}`).to.equal(200);
        expect(await page.getAttribute('html', 'lang')).to.equal(lang);
        if (p.open) await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
        const result = await runAxe(page);
        expect(result.passes, `${p.name}: axe ran its rules`).to.be.greaterThan(10);
        for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
          failures.push(`${p.name} (${lang}): ${v.id} ${v.help} ${JSON.stringify(v.nodes)}`);
        if (shots) await page.screenshot({ path: path.join(shots, `${p.name}-${lang}.png`), fullPage: true });
      }
    }
    expect(failures).to.deep.equal([]);
  });
});
