// Exemptions a reader can check: a programme's legal basis and an exemption's provision link to their
// official text where a URL is known (https only), on the public page.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import {
  approval,
  as,
  expectOk,
  registerProgramme,
  sandboxWorld,
  startPilotApp,
  type World,
} from '../support/pilots.ts';
import { applicationFor } from '../support/public.ts';

const DECREE_URL = 'https://vbpl.vn/nganhangnhanuoc/Pages/vbpq-toanvan.aspx?ItemID=94';
const CIRCULAR_URL = 'https://thuvienphapluat.vn/van-ban/Tien-te-Ngan-hang/Thong-tu-10-2023-TT-NHNN.aspx';

describe('public registry: links to the law', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when a programme and an exemption carry the URL of their text, then the public page links to it', async () => {
    const programme = await registerProgramme(app, world.admin, world.agency, {
      code: `${world.agency.code}-LINKED`,
      name: 'Linked sandbox',
      legalUrl: DECREE_URL,
      solutionTypes: ['credit-scoring'],
      maxExtensions: 1,
      reportFrequency: 'quarterly',
    });
    expect(programme.status, JSON.stringify(programme.body)).to.equal(201);
    expect(programme.body.legalUrl).to.equal(DECREE_URL);
    const linked = { ...world, programme: programme.body };
    const id = await applicationFor(linked, {});
    const body = approval(app);
    body.exemptions = [{ ...body.exemptions[0], legalUrl: CIRCULAR_URL } as (typeof body.exemptions)[number]];
    const approved = expectOk(await as(app, world.regulator).act(id, 'approve', body));
    const page = await app.http.get(`/pilots/${String(approved.reference)}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`href="${CIRCULAR_URL.replace(/&/g, '&amp;')}"`);
    const agency = await app.http.get(`/agencies/${world.agency.code}`);
    expect(agency.text).to.include(`href="${DECREE_URL}"`);
  });

  it('when a legal URL is not https, then it is refused', async () => {
    const res = await registerProgramme(app, world.admin, world.agency, {
      code: `${world.agency.code}-BAD`,
      name: 'Bad link',
      legalUrl: 'javascript:alert(1)',
    });
    expectProblem(res, 400);
  });
});
