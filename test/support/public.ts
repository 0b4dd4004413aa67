// Public registry stories: pilots with an application of the test's choosing, driven to approval (or
// not) through the API, and a reader without an account.
import type { TestApp } from './app.ts';
import { anApplication, approval, as, expectOk, type World } from './pilots.ts';

type Application = ReturnType<typeof anApplication>;

export async function applicationFor(world: World, changes: Partial<Application>, secret?: string) {
  const biz = as(world.app, world.business);
  const id = expectOk(await biz.createPilot(world, { ...anApplication(world.app, secret), ...changes }), 201).id;
  expectOk(await biz.act(id, 'submit'));
  expectOk(await as(world.app, world.regulator).act(id, 'start_review'));
  return id;
}

/** A pilot approved with the given application changes; its reference is how the public names it. */
export async function approvedPilot(
  world: World,
  changes: Partial<Application> = {},
  startInDays = 0,
  endInDays = 300,
) {
  const id = await applicationFor(world, changes);
  const pilot = expectOk(
    await as(world.app, world.regulator).act(id, 'approve', approval(world.app, startInDays, endInDays)),
  );
  return { id, reference: pilot.reference as string };
}

export const publicGet = (app: TestApp, path: string) => app.http.get(path);
