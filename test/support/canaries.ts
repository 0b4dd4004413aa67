// Canary data for the confidentiality tests: an approved pilot whose every confidential field, in every
// record it accumulates (review note, report, incident, claim, exit report), carries a distinctive marker.
import type { TestApp } from './app.ts';
import { anApplication, approval, as, DAY, daysFrom, expectOk, travel, type World } from './pilots.ts';

export const CANARY_LOSS = 777_123;

/** Approves, then files a report, an incident, a claim and the exit report, all marked with `mark`. */
export async function markedPilot(app: TestApp, world: World, mark: string) {
  const biz = as(app, world.business);
  const reg = as(app, world.regulator);
  const id = expectOk(await biz.createPilot(world, anApplication(app, `${mark}-approved`)), 201).id;
  expectOk(await biz.act(id, 'submit'));
  expectOk(await reg.act(id, 'start_review'));
  expectOk(await reg.act(id, 'request_changes', { reason: `${mark}-review-note`, deadline: daysFrom(app, 5) }));
  expectOk(await biz.act(id, 'submit'));
  expectOk(await reg.act(id, 'start_review'));
  const reference = expectOk(await reg.act(id, 'approve', approval(app, 0, 300))).reference as string;
  travel(world, 20 * DAY);
  expectOk(
    await biz.file(id, 'reports', {
      metrics: { participants: 10, complaints: 0, incidents: 1 },
      publicSummary: 'Quiet month.',
      confidentialDetail: `${mark}-report`,
    }),
    201,
  );
  const incident = expectOk(
    await biz.file(id, 'incidents', {
      occurredAt: daysFrom(app, -1),
      severity: 'low',
      publicSummary: 'A delayed payout.',
      confidentialDetail: `${mark}-incident`,
      affectedParticipants: 1,
      estimatedLoss: { amount: CANARY_LOSS, currency: 'VND' },
    }),
    201,
  );
  const claim = expectOk(
    await biz.file(id, 'claims', {
      incidentId: incident.id,
      statement: 'Objective cause.',
      confidentialDetail: `${mark}-claim`,
      amountClaimed: { amount: CANARY_LOSS, currency: 'VND' },
    }),
    201,
  );
  expectOk(await biz.file(id, 'exit-report', { publicSummary: 'Done.', confidentialDetail: `${mark}-exit` }), 201);
  return { id, reference, claimId: claim.id };
}
