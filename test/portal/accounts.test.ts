// A business registers and signs in through the portal's pages; sessions end on sign-out, on a password
// change and when an admin disables the account; forms from elsewhere are refused.
import { expect } from 'chai';
import { PASSWORD, asAdmin } from '../support/actors.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { PortalBrowser } from '../support/portal.ts';

const registration = (email: string) => ({
  'organization[name]': 'Công ty Thử Nghiệm',
  'organization[registrationNumber]': `0${Math.floor(Math.random() * 1e9)}`,
  name: 'Trần Thị Bình',
  email,
  password: PASSWORD,
});

describe('portal accounts', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when a business registers with a mistake, then it sees the issue by the field, fixes it and is signed in', async () => {
    const browser = new PortalBrowser(app);
    const email = `biz-${Date.now()}@example.vn`;
    const bad = await browser.submit('/register', '/register', { ...registration(email), email: 'not-an-email' });
    expect(bad.status).to.equal(400);
    expect(bad.html).to.include('class="error-summary"').and.include('href="#f-email"');
    expect(bad.html).to.include('id="f-email"').and.include('value="not-an-email"');
    expect(bad.html).to.include('Công ty Thử Nghiệm'); // the rest of the input is kept

    const ok = await browser.submit('/register', '/register', registration(email));
    expect(ok.status).to.equal(303);
    expect(ok.location).to.equal('/portal');
    const portal = await browser.get('/portal');
    expect(portal.status).to.equal(200);
    expect(portal.html).to.include('Trần Thị Bình').and.include('Công ty Thử Nghiệm');
    expect(portal.headers.get('cache-control')).to.equal('no-store');
  });

  it('when the reader reads Vietnamese, then a refused field is worded in Vietnamese', async () => {
    const browser = new PortalBrowser(app);
    await browser.get('/register?lang=vi');
    const bad = await browser.submit('/register', '/register', { ...registration('x@example.vn'), name: '' });
    expect(bad.status).to.equal(400);
    expect(bad.html).to.include('lang="vi"').and.include('Có lỗi cần sửa').and.include('là bắt buộc');
  });

  it('when someone signs in, then the cookie is HttpOnly and SameSite=Lax, a planted session id is not adopted, and sign-out ends the session', async () => {
    const browser = new PortalBrowser(app);
    const email = `biz2-${Date.now()}@example.vn`;
    await browser.submit('/register', '/register', registration(email));
    browser.cookies.clear();
    browser.cookies.set('sr_session', '0123456789abcdef01234567.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const form = await browser.get('/login?next=/portal/account');
    const res = await browser.post(
      '/login',
      new URLSearchParams({
        _csrf: PortalBrowser.csrfOf(form.html),
        _next: '/portal/account',
        email,
        password: PASSWORD,
      }).toString(),
    );
    expect(res.status).to.equal(303);
    expect(res.location).to.equal('/portal/account');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('sr_session='))!;
    expect(setCookie)
      .to.match(/HttpOnly/i)
      .and.match(/SameSite=Lax/i)
      .and.match(/Path=\//);
    const cookie = browser.cookies.get('sr_session')!;
    expect(cookie).to.not.equal('0123456789abcdef01234567.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');

    const page = await browser.get('/portal');
    const out = await browser.post(
      '/logout',
      new URLSearchParams({ _csrf: PortalBrowser.csrfOf(page.html) }).toString(),
    );
    expect(out.status).to.equal(303);
    // The old cookie, replayed, opens nothing.
    browser.cookies.set('sr_session', cookie);
    const after = await browser.get('/portal');
    expect(after.status).to.equal(303);
    expect(after.location).to.match(/^\/login\?next=/);
  });

  it('when a form comes without its token or from another site, then it is refused with a page and nothing happens', async () => {
    const browser = new PortalBrowser(app);
    const email = `biz3-${Date.now()}@example.vn`;
    await browser.submit('/register', '/register', registration(email));
    const page = await browser.get('/portal/account');
    const csrf = PortalBrowser.csrfOf(page.html);
    const change = { currentPassword: PASSWORD, newPassword: 'another long password 42' };

    const noToken = await browser.post('/portal/account/password', new URLSearchParams(change).toString());
    expect(noToken.status).to.equal(403);
    expect(noToken.headers.get('content-type')).to.match(/text\/html/);
    const crossSite = await browser.post(
      '/portal/account/password',
      new URLSearchParams({ _csrf: csrf, ...change }).toString(),
      {
        'sec-fetch-site': 'cross-site',
        origin: 'https://evil.example',
      },
    );
    expect(crossSite.status).to.equal(403);
    const otherOrigin = await browser.post(
      '/portal/account/password',
      new URLSearchParams({ _csrf: csrf, ...change }).toString(),
      {
        'sec-fetch-site': '',
        origin: 'https://evil.example',
      },
    );
    expect(otherOrigin.status).to.equal(403);
    // The password is unchanged: the old one still signs in over the API.
    const api = await app.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(api.status).to.equal(200);
  });

  it('when the password is changed, then every session ends and the new password signs in', async () => {
    const browser = new PortalBrowser(app);
    const email = `biz4-${Date.now()}@example.vn`;
    await browser.submit('/register', '/register', registration(email));
    const api = await app.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    const res = await browser.submit('/portal/account', '/portal/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'another long password 42',
    });
    expect(res.status).to.equal(303);
    expect(res.location).to.equal('/login?ended=password');
    expect((await browser.get('/portal')).status).to.equal(303);
    const me = await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${api.body.accessToken}`);
    expect(me.status).to.equal(401);
    const again = await browser.submit('/login', '/login', { email, password: 'another long password 42' });
    expect(again.status).to.equal(303);
  });

  it('when an admin disables the account, then its browser session ends at once', async () => {
    const browser = new PortalBrowser(app);
    const email = `biz5-${Date.now()}@example.vn`;
    await browser.submit('/register', '/register', registration(email));
    const admin = await asAdmin(app);
    const users = await app.http.get('/api/v1/admin/users?role=business&limit=100').set(admin.auth);
    const user = (users.body.items as { id: string; email: string }[]).find((u) => u.email === email)!;
    const off = await app.http.patch(`/api/v1/admin/users/${user.id}`).set(admin.auth).send({ disabled: true });
    expect(off.status, JSON.stringify(off.body)).to.equal(200);
    expect((await browser.get('/portal')).status).to.equal(303);
  });

  it('when sign-in is asked to go elsewhere, then it goes to the portal instead', async () => {
    const browser = new PortalBrowser(app);
    const email = `biz6-${Date.now()}@example.vn`;
    await browser.submit('/register', '/register', registration(email));
    await browser.submit('/portal', '/logout', {});
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const form = await browser.get(`/login?next=${encodeURIComponent(next)}`);
      const res = await browser.post(
        '/login',
        new URLSearchParams({
          _csrf: PortalBrowser.csrfOf(form.html),
          _next: next,
          email,
          password: PASSWORD,
        }).toString(),
      );
      expect(res.status, next).to.equal(303);
      expect(res.location, next).to.equal('/portal');
      await browser.submit('/portal', '/logout', {});
    }
  });

  it('when the password is wrong, then the page says so in the reader’s language, without a 500', async () => {
    const browser = new PortalBrowser(app);
    await browser.get('/login?lang=vi');
    const res = await browser.submit('/login', '/login', { email: 'nobody@example.vn', password: 'wrong' });
    expect(res.status).to.equal(401);
    expect(res.html).to.include('Địa chỉ thư điện tử hoặc mật khẩu không đúng.');
  });
});
