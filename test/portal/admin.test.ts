// The admin's pages: agencies, programmes and regulators' accounts created through the same bodies as the
// admin API; disabling an account and ending its sessions sign it out of the portal at once.
import { expect } from 'chai';
import { asAdmin } from '../support/actors.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { PortalBrowser } from '../support/portal.ts';

const STRONG = 'Ha Long Bay at dawn 2026';

describe('portal administration', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when an admin registers an agency, a programme and a regulator, then the regulator can sign in to their agency', async () => {
    const admin = await asAdmin(app);
    const browser = new PortalBrowser(app);
    await browser.signIn(admin.email, admin.password);
    const page = await browser.get('/portal');
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Register an agency');

    const code = `AG${Date.now() % 100000}`;
    const bad = await browser.submit('/portal/admin', '/portal/admin/agency', { code: '1', name: '' });
    expect(bad.status).to.equal(400);
    expect(bad.html).to.include('href="#f-code"').and.include('href="#f-name"');
    const agency = await browser.submit('/portal/admin', '/portal/admin/agency', {
      code,
      name: 'Department of Science and Technology',
      nameVi: 'Sở Khoa học và Công nghệ',
    });
    expect(agency.status, agency.html.slice(0, 2000)).to.equal(303);
    const agencies = (await app.http.get('/api/v1/agencies')).body as { items: { id: string; code: string }[] };
    const agencyId = agencies.items.find((a) => a.code === code)!.id;

    const programme = await browser.submit('/portal/admin', '/portal/admin/programme', {
      code: `${code}-AI`,
      name: 'AI sandbox',
      agencyId,
      legalBasis: 'Law 93/2025/QH15, Art. 22; Decree 142/2026/ND-CP',
      solutionTypes: 'ai-service\nai-model',
      maxDurationMonths: '24',
      maxExtensions: '1',
      maxExtensionMonths: '12',
      reportFrequency: 'quarterly',
    });
    expect(programme.status, /error-summary[\s\S]{0,1500}/.exec(programme.html)?.[0]).to.equal(303);

    const email = `reg-${Date.now()}@agency.gov.vn`;
    const user = await browser.submit('/portal/admin', '/portal/admin/regulator', {
      email,
      password: STRONG,
      name: 'Lê Văn Cường',
      agencyId,
    });
    expect(user.status, /error-summary[\s\S]{0,1500}/.exec(user.html)?.[0]).to.equal(303);

    const regulator = new PortalBrowser(app);
    await regulator.signIn(email, STRONG);
    const dashboard = await regulator.get('/portal');
    expect(dashboard.html).to.include('Supervision').and.include(code);

    // Ending the regulator's sessions signs them out of the portal at once.
    const listing = await browser.get('/portal/admin');
    const row = /<tr><th scope="row">Lê Văn Cường[\s\S]*?<\/tr>/.exec(listing.html)?.[0] ?? '';
    const id = /\/portal\/admin\/users\/([0-9a-f]{24})\/end-sessions/.exec(row)?.[1];
    expect(id).to.be.a('string');
    expect((await browser.submit('/portal/admin', `/portal/admin/users/${id}/end-sessions`, {})).status).to.equal(303);
    const after = await regulator.get('/portal');
    expect(after.status).to.equal(303);
    expect(after.location).to.match(/^\/login/);
  });

  it('when a business or regulator opens the admin pages, then they are not there for them', async () => {
    const browser = new PortalBrowser(app);
    await browser.submit('/register', '/register', {
      'organization[name]': 'Công ty A',
      'organization[registrationNumber]': `0${Date.now() % 1e9}`,
      name: 'A',
      email: `a-${Date.now()}@example.vn`,
      password: STRONG,
    });
    expect((await browser.get('/portal/admin')).status).to.equal(404);
    expect((await browser.submit('/portal', '/portal/admin/agency', { code: 'ZZ', name: 'Z' })).status).to.equal(404);
  });
});
