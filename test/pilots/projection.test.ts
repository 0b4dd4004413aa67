// The pilot document is a projection of the ledger: a projection lost in a crash is finished by the
// reconciler, applying an entry twice changes nothing, and the due-work job run by two instances at
// once records each effect exactly once.
import { entryId } from '../../server/ledger/entry-store.ts';
import { expect } from 'chai';
import { runDueWork } from '../../server/jobs/due-work.ts';
import { evolve } from '../../server/pilots/evolve.ts';
import { pilotProjectors, privateContentOf } from '../../server/pilots/projector.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import {
  aDecision,
  as,
  DAY,
  expectOk,
  pilotIn,
  sandboxWorld,
  startPilotApp,
  travel,
  type World,
} from '../support/pilots.ts';
import { expectProjectionEqualsReplay, pilotEntries } from '../support/replay.ts';

describe('the pilot projection', () => {
  let app: TestApp;
  let twin: TestApp;
  let world: World;
  before(async () => {
    app = await startPilotApp();
    twin = await startApp({ dbName: app.dbName });
    world = await sandboxWorld(app);
  });
  after(async () => {
    await twin.close().catch(() => {});
    await app.close();
  });

  it('when the projection of an accepted action was lost, then the pilot refuses new actions until the reconciler applies it', async () => {
    const id = await pilotIn(world, 'active');
    const reg = as(app, world.regulator);
    expectOk(await reg.act(id, 'suspend', { decision: aDecision(app) }));
    // Simulate a crash between the entry and its projection: the document goes back one version.
    const entries = await pilotEntries(app, id);
    let previous = null;
    for (const entry of entries.slice(0, -1))
      previous = evolve(previous, entry, await privateContentOf(app.ctx.models, entry));
    await app.ctx.models.Pilot.updateOne(
      { _id: id },
      { $set: { version: entries.length - 1, state: 'active', record: previous } },
    );
    await app.ctx.models.LedgerEntry.updateOne({ _id: entryId(entries.at(-1)!.seq) }, { $set: { projected: false } });

    expectProblem(await reg.act(id, 'revoke', { decision: aDecision(app) }), 409); // the version is taken
    await app.ctx.ledger.reconcile();
    expect(expectOk(await reg.get(id)).state).to.equal('suspended');
    await expectProjectionEqualsReplay(app, id);

    // Applying the last entry again changes nothing.
    const project = pilotProjectors(app.ctx.models)['pilot.suspended'];
    await project(entries.at(-1)!, entries.length);
    await expectProjectionEqualsReplay(app, id);
  });

  it('when two instances run the due work at the same time, then each overdue report and the expiry are recorded once', async () => {
    const id = await pilotIn(world, 'active'); // monthly reports, ends in 300 days
    travel(world, 310 * DAY);
    // The twin shares the database but has its own clock: bring it to the same time.
    twin.clock.advance((app.clock.now().getTime() - twin.clock.now().getTime()) / 1000);
    await Promise.all([runDueWork(app.ctx), runDueWork(twin.ctx), runDueWork(app.ctx)]);
    const entries = await pilotEntries(app, id);
    const overdue = entries.filter((e) => e.type === 'report.overdue');
    const slots = new Set(overdue.map((e) => e.data.slotId));
    expect(slots.size).to.equal(overdue.length);
    expect(overdue.length).to.equal(9);
    expect(entries.filter((e) => e.type === 'pilot.expired')).to.have.length(1);
    expect(entries.at(-1)!.type).to.equal('pilot.expired');
    expect((await runDueWork(app.ctx)).effects.filter((e) => e.pilot === id)).to.deep.equal([]);
    await expectProjectionEqualsReplay(app, id);
  });
});
