// The journalist's story on the public site (issue 15): pages that say what happened, in one language,
// in Vietnam's time, and refusals a person can act on.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { approvedPilot } from '../support/public.ts';
import { sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

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

  it('has a pilot to read', () => expect(reference).to.match(/-/));
});
