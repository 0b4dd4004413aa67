// What a journalist types finds what they mean: sector and technology filters match whole words (and
// their plurals), not only the exact code; references are found in any case, at one permanent URL.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';
import { approvedPilot } from '../support/public.ts';

describe('public registry: findable', () => {
  let app: TestApp;
  let world: World;
  let drones: { reference: string };
  let airport: { reference: string };
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    drones = await approvedPilot(world, {
      title: 'Giao hàng bằng drone',
      technologies: ['delivery drones'],
      sector: 'logistics',
    });
    airport = await approvedPilot(world, {
      title: 'Airport shuttle',
      technologies: ['airport automation'],
      sector: 'transport',
    });
    await approvedPilot(world, { title: 'Chấm điểm AI', technologies: ['AI'], sector: 'banking services' });
  });
  after(() => app.close());

  const references = async (query: string) =>
    ((await app.http.get(`/api/v1/public/pilots?${query}`)).body as { items: { reference: string }[] }).items.map(
      (i) => i.reference,
    );

  it('when filtering by a word of a technology, then its plural matches and a longer word does not', async () => {
    expect(await references('technology=drone')).to.deep.equal([drones.reference]);
    expect(await references('technology=Drones')).to.deep.equal([drones.reference]);
    const ai = await references('technology=AI');
    expect(ai).to.have.length(1);
    expect(ai).to.not.include(airport.reference);
    expect(await references('sector=service')).to.have.length(1);
    expect(await references('sector=transports')).to.deep.equal([airport.reference]);
  });

  it('when a reference is typed in lower case, then the API finds the pilot and the page redirects to its permanent URL', async () => {
    const lower = drones.reference.toLowerCase();
    const api = await app.http.get(`/api/v1/public/pilots/${lower}`);
    expect(api.status).to.equal(200);
    expect(api.body.reference).to.equal(drones.reference);
    const page = await app.http.get(`/pilots/${lower}?lang=vi`).redirects(0);
    expect(page.status).to.equal(301);
    expect(page.headers.location).to.equal(`/pilots/${drones.reference}?lang=vi`);
  });
});
