// "The projection always equals a replay of the ledger": reads a pilot's entries back from the ledger,
// folds them with the same `evolve` from nothing, and compares with what the projection holds.
import { expect } from 'chai';
import type { PilotRecord } from '../../models/pilot.ts';
import type { Entry } from '../../server/ledger/entry.ts';
import { evolve } from '../../server/pilots/evolve.ts';
import { indexFields, privateContentOf } from '../../server/pilots/projector.ts';
import type { TestApp } from './app.ts';

export async function pilotEntries(app: TestApp, id: string): Promise<Entry[]> {
  const docs = await app.ctx.models.LedgerEntry.find({ subject: `pilot:${id}` }).sort({ subjectVersion: 1 });
  return docs.map((d) => JSON.parse(d.canonical) as Entry);
}

export async function replay(app: TestApp, id: string): Promise<{ record: PilotRecord | null; version: number }> {
  let record: PilotRecord | null = null;
  const entries = await pilotEntries(app, id);
  for (const entry of entries) record = evolve(record, entry, await privateContentOf(app.ctx.models, entry));
  return { record, version: entries.length };
}

export async function expectProjectionEqualsReplay(app: TestApp, id: string) {
  const replayed = await replay(app, id);
  const doc = await app.ctx.models.Pilot.findById(id).lean();
  expect(doc, 'projection').to.not.equal(null);
  expect(doc!.version).to.equal(replayed.version);
  expect(doc!.record).to.deep.equal(replayed.record);
  const { _id, version, record, ...index } = doc!;
  (void _id, void version, void record);
  expect(index).to.deep.equal(indexFields(replayed.record!));
}
