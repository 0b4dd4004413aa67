// The checks behind the ledger pages' Verify buttons (/ledger/entries/{seq} and /ledger), step by step
// as the page reports them. They run in the reader's browser (bundled with the browser's crypto by
// scripts/build-assets.ts) and are made of the functions `npm run verify` uses, so a failure here is
// worded as the CLI words it, with the step it belongs to.
import { toBase64, toHex } from './bytes.ts';
import { VerificationFailure, entryItem, getJson, type Api } from './verifier-api.ts';
import { checkInclusion } from './verifier-audit.ts';
import {
  checkSignature,
  checkSignedBy,
  fetchCheckpoint,
  fetchKey,
  type PublishedKey,
  type ServedCheckpoint,
} from './verifier-checkpoint.ts';
import { AuditPlan, Progress, checkEntry, checkRecomputedRoot, foldEntries } from './verifier-entries.ts';

/** The steps as the pages list them (server/site/views/verify-steps.eta). */
export type Step = 'leaf' | 'proof' | 'tree' | 'keyid' | 'signature';

/** Told each step that passed, with what it established. */
export type StepPassed = (step: Step, detail: string) => void;

/** A check failed; `step` says which. */
export class StepFailure extends VerificationFailure {
  override name = 'StepFailure';

  constructor(
    readonly step: Step,
    message: string,
  ) {
    super(message);
  }
}

const PAGE_SIZE = 1000; // the API's maximum

/** Runs a check, so that a mismatch it finds names `step`; a network error stays as it is. */
async function at<T>(step: Step, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof VerificationFailure && !(error instanceof StepFailure))
      throw new StepFailure(step, error.message);
    throw error;
  }
}

/** The value of a settled fetch, or its failure thrown. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** The key ID step, then the signature step: the checkpoint is signed by the published key. */
async function checkAnchor(
  key: PromiseSettledResult<PublishedKey>,
  checkpoint: ServedCheckpoint,
  passed: StepPassed,
): Promise<void> {
  const published = await at('keyid', () => {
    const value = settled(key);
    checkSignedBy(checkpoint, value);
    return value;
  });
  passed('keyid', toHex(published.keyId));
  await at('signature', () => checkSignature(checkpoint, published));
  passed('signature', `${checkpoint.origin} · ${checkpoint.size}`);
}

/**
 * One entry: its canonical text hashes to its leaf hash, its inclusion proof leads to the latest
 * checkpoint's root, and the checkpoint is signed by the published key. 'pending' when the entry is newer
 * than the checkpoint (only its leaf hash could be checked).
 */
export async function verifyEntry(api: Api, seq: number, passed: StepPassed): Promise<'ok' | 'pending'> {
  const [item, served, key] = await Promise.allSettled([
    getJson(api, `entries/${seq}`, entryItem, `entry ${seq}`),
    fetchCheckpoint(api),
    fetchKey(api),
  ]);
  const leaf = await at('leaf', () => checkEntry(settled(item), seq));
  passed('leaf', toBase64(leaf));
  const checkpoint = await at('signature', () => settled(served));
  if (seq >= checkpoint.size) return 'pending';
  const proof = await at('proof', () => checkInclusion(api, seq, checkpoint.size, leaf, checkpoint.root));
  passed('proof', `${proof.length} × SHA-256 → ${toBase64(checkpoint.root)}`);
  await checkAnchor(key, checkpoint, passed);
  return 'ok';
}

/**
 * The whole log: every entry up to the latest checkpoint checked and folded into the tree, which must
 * give the checkpoint's root (RFC 9162 §2.1.1), and the checkpoint signed by the published key.
 */
export async function verifyLog(api: Api, passed: StepPassed): Promise<'ok'> {
  const [served, key] = await Promise.allSettled([fetchCheckpoint(api), fetchKey(api)]);
  const checkpoint = await at('signature', () => settled(served));
  const { size, root } = checkpoint;
  await at('tree', async () => {
    const walked = await foldEntries(
      api,
      size,
      PAGE_SIZE,
      AuditPlan.none(size),
      new Set(),
      new Progress(undefined, 1, 0),
    );
    checkRecomputedRoot(walked.root, size, root);
  });
  passed('tree', `${size} → ${toBase64(root)}`);
  await checkAnchor(key, checkpoint, passed);
  return 'ok';
}
