// After a fault: is the ledger whole (every entry projected, in the tree and under a signed checkpoint),
// and does an outside verifier, holding the checkpoint it saw before the fault, accept the log?
import { expect } from 'chai';
import { stateAfter, verifyLedger, type VerifierState } from '../../server/ledger/verifier.ts';
import type { TestApp } from './app.ts';
import { checkpointSize } from './ledger.ts';

/** Runs the public verifier (scripts/verify.ts's library) against `app`; throws if the log does not verify. */
export async function verifiedState(app: TestApp, previous: VerifierState | null = null): Promise<VerifierState> {
  const verified = await verifyLedger({ baseUrl: app.url, fetch: (url, init) => fetch(url, init), previous });
  if (previous)
    expect(verified.previousSize, 'proven consistent with the checkpoint seen before').to.equal(previous.size);
  return stateAfter(verified, new Date());
}

export interface LedgerCounts {
  entries: number;
  unprojected: number;
  treeSize: number;
  checkpointSize: number;
}

export async function ledgerCounts(app: TestApp): Promise<LedgerCounts> {
  const { LedgerEntry } = app.ctx.models;
  return {
    entries: await LedgerEntry.countDocuments({}),
    unprojected: await LedgerEntry.countDocuments({ projected: false }),
    treeSize: await app.ctx.ledger.tree.size(),
    checkpointSize: await checkpointSize(app),
  };
}

export const isWhole = (c: LedgerCounts) =>
  c.unprojected === 0 && c.treeSize === c.entries && c.checkpointSize === c.entries;
