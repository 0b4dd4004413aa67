// Names from a request are never properties: an action or record kind named like an Object member
// (`constructor`, `__proto__`, `toString`, `hasOwnProperty`) is an unknown name, 404, never a 500.
import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { as, expectOk, pilotIn, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('names from a request', () => {
  let app: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
  });
  after(() => app.close());

  it('when an action on a pilot or on one of its records is named like an Object member, then 404', async () => {
    const id = await pilotIn(world, 'active');
    const pilot = expectOk(await as(app, world.regulator).get(id)) as unknown as {
      exemptions: { id: string }[];
      conditions: { id: string }[];
    };
    const regulator = world.regulator.auth;
    for (const name of NAMES) {
      const urls = [
        `/api/v1/pilots/${id}/actions/${name}`,
        `/api/v1/pilots/${id}/exemptions/${pilot.exemptions[0].id}/actions/${name}`,
        `/api/v1/pilots/${id}/conditions/${pilot.conditions[0].id}/actions/${name}`,
      ];
      for (const url of urls) {
        const res = await app.http.post(url).set(regulator).send({});
        expect(res.status, `${url}: ${JSON.stringify(res.body)}`).to.equal(404);
      }
    }
  });
});
