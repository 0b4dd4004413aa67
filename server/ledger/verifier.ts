// Verifies a ledger from its public API alone (DESIGN §3, "Public ledger API"), as an outsider would: the
// signed checkpoint against the published key, consistency with the checkpoint seen on the previous run,
// every entry against its leaf hash and the tree root, then the stored tree itself through the proofs the
// log serves from it: every stored subtree hash when the log is not huge (the inclusion proofs of every
// even leaf and the last), a sample above that, and consistency proofs from prefixes of the log.
import { randomInt } from 'node:crypto';
import { sameBytes, toBase64 } from './bytes.ts';
import type { Hash } from './merkle.ts';
import {
  CannotVerify,
  VerificationFailure,
  hashFromBase64,
  ledgerBase,
  type Api,
  type FetchLike,
} from './verifier-api.ts';
import { auditInclusion, checkConsistency, checkPrefix } from './verifier-audit.ts';
import { AuditPlan, Progress, checkRecomputedRoot, foldEntries, type ProgressReport } from './verifier-entries.ts';
import { foldTiles } from './verifier-tiles.ts';
import { checkSignature, fetchCheckpoint, fetchKey } from './verifier-checkpoint.ts';
import type { VerifierState } from './verifier-state.ts';

export { CannotVerify, VerificationFailure, ledgerBase, type FetchLike } from './verifier-api.ts';
export { parseVerifierState, verifierStateSchema, type VerifierState } from './verifier-state.ts';
export type { Phase, ProgressReport } from './verifier-entries.ts';

export const DEFAULT_FULL_AUDIT_MAX = 100_000;
export const DEFAULT_SAMPLE_SIZE = 64;
export const DEFAULT_CONCURRENCY = 16;

export interface VerifyOptions {
  baseUrl: string;
  fetch: FetchLike;
  /** The state saved by the previous run, if any. */
  previous: VerifierState | null;
  /** Called as entries are verified ('entries') and as proofs are audited ('proofs'). */
  onProgress?: ProgressReport;
  progressEveryEntries?: number; // default 10,000 (entries or proofs)
  progressEveryMs?: number; // default 2,000
  pageSize?: number; // default 1,000, the API's maximum
  timeoutMs?: number; // per request, default 60,000
  /** Audit every stored tree hash up to this checkpoint size; above it, sample. Default 100,000. */
  fullAuditMax?: number;
  /** Sample even when the log is small enough for a full audit. */
  sample?: boolean;
  /** Random leaves whose proofs a sample checks, besides the first, middle and last. Default 64. */
  sampleSize?: number;
  /** Proof requests in flight at once. Default 16. */
  concurrency?: number;
  /**
   * Read the entries from the entry bundles and check every tile of the tree (C2SP tlog-tiles) instead
   * of inclusion proofs: a full audit in about 2·size/256 requests.
   */
  tiles?: boolean;
}

export interface Audit {
  /** 'tiles': every tile of every level was compared with the hashes recomputed from the entries. */
  mode: 'full' | 'sample' | 'tiles';
  /** Tiles and bundles read (tiles mode). */
  tiles?: number;
  /** Why the tree was only sampled: asked for, or the size is above `fullAuditMax`; null for a full audit. */
  sampledBecause: 'asked' | 'size' | null;
  fullAuditMax: number;
  /** Inclusion proofs checked. */
  inclusionProofs: number;
  /** The leaves whose inclusion proofs were checked in a sample (ascending); empty for a full audit. */
  sampled: number[];
  /** The prefix sizes proven consistent with the checkpoint (ascending). */
  consistencyFrom: number[];
}

export interface Verified {
  vkey: string;
  origin: string;
  size: number;
  root: Hash;
  checkpoint: string;
  /** The size of the checkpoint the new one was proven consistent with; null on a first run. */
  previousSize: number | null;
  audit: Audit;
}

/** Prefix sizes whose consistency with the whole tree is checked: 1, half and one at random, below `size`. */
function prefixSizes(size: number): number[] {
  if (size < 2) return [];
  return [...new Set([1, Math.floor(size / 2), randomInt(1, size)])].sort((a, b) => a - b);
}

export async function verifyLedger(options: VerifyOptions): Promise<Verified> {
  const api: Api = { fetch: options.fetch, base: ledgerBase(options.baseUrl), timeoutMs: options.timeoutMs ?? 60_000 };
  const { previous } = options;

  // 1. The key, pinned by the previous run.
  const key = await fetchKey(api);
  if (previous !== null && previous.vkey !== key.vkey) {
    throw new VerificationFailure(`key: the log's key changed from ${previous.vkey} to ${key.vkey}`);
  }

  // 2. The latest signed checkpoint.
  const checkpoint = await fetchCheckpoint(api);
  checkSignature(checkpoint, key);
  const { note, origin, size, root } = checkpoint;
  if (previous !== null && previous.origin !== origin) {
    throw new VerificationFailure(
      `checkpoint: the origin changed from ${JSON.stringify(previous.origin)} to ${JSON.stringify(origin)}`,
    );
  }

  // 3. Consistency with the checkpoint seen last time, before the long walk: a rewrite fails fast.
  if (previous !== null) await checkPrevious(api, previous, size, root);

  // 4. Every entry, folded into the root.
  const fullAuditMax = options.fullAuditMax ?? DEFAULT_FULL_AUDIT_MAX;
  const prefixes = prefixSizes(size);
  const every = options.progressEveryEntries ?? 10_000;
  const everyMs = options.progressEveryMs ?? 2_000;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (options.tiles === true) {
    const walked = await foldTiles(
      api,
      size,
      new Set(prefixes),
      concurrency,
      new Progress(options.onProgress, every, everyMs),
    );
    checkRecomputedRoot(walked.root, size, root);
    for (const m of prefixes) await checkPrefix(api, m, size, walked.prefixRoots.get(m)!, root);
    return {
      vkey: key.vkey,
      origin,
      size,
      root,
      checkpoint: note,
      previousSize: previous === null ? null : previous.size,
      audit: {
        mode: 'tiles',
        sampledBecause: null,
        fullAuditMax,
        inclusionProofs: 0,
        sampled: [],
        consistencyFrom: prefixes,
        tiles: walked.tiles,
      },
    };
  }
  const sampledBecause = options.sample === true ? 'asked' : size > fullAuditMax ? 'size' : null;
  const plan =
    sampledBecause === null
      ? AuditPlan.full(size)
      : AuditPlan.sample(size, options.sampleSize ?? DEFAULT_SAMPLE_SIZE, (n) => randomInt(n));
  const walked = await foldEntries(
    api,
    size,
    options.pageSize ?? 1000,
    plan,
    new Set(prefixes),
    new Progress(options.onProgress, every, everyMs),
  );
  checkRecomputedRoot(walked.root, size, root);

  await auditInclusion(api, plan, root, concurrency, new Progress(options.onProgress, every, everyMs));

  for (const m of prefixes) await checkPrefix(api, m, size, walked.prefixRoots.get(m)!, root);

  return {
    vkey: key.vkey,
    origin,
    size,
    root,
    checkpoint: note,
    previousSize: previous === null ? null : previous.size,
    audit: {
      mode: sampledBecause === null ? 'full' : 'sample',
      sampledBecause,
      fullAuditMax,
      inclusionProofs: plan.count,
      sampled: plan.sampled === null ? [] : [...plan.sampled],
      consistencyFrom: prefixes,
    },
  };
}

async function checkPrevious(api: Api, previous: VerifierState, size: number, root: Hash): Promise<void> {
  const oldRoot = hashFromBase64(previous.rootHash);
  if (oldRoot === null) throw new CannotVerify('the state file has no valid rootHash');
  const M = previous.size;
  if (M > size)
    throw new VerificationFailure(`checkpoint: the log shrank from size ${M} (seen ${previous.verifiedAt}) to ${size}`);
  if (M === size) {
    if (!sameBytes(oldRoot, root)) {
      throw new VerificationFailure(
        `checkpoint: size ${size} as before but root ${toBase64(root)} instead of ${previous.rootHash}: history was rewritten`,
      );
    }
    return;
  }
  if (M === 0) return; // the empty tree is a prefix of every tree
  await checkConsistency(
    api,
    M,
    size,
    oldRoot,
    root,
    (served) =>
      `the log's root at size ${M} is ${toBase64(served)}, not ${previous.rootHash} as signed before: history was rewritten`,
  );
}

export function stateAfter(verified: Verified, at: Date): VerifierState {
  return {
    vkey: verified.vkey,
    origin: verified.origin,
    size: verified.size,
    rootHash: toBase64(verified.root),
    checkpoint: verified.checkpoint,
    verifiedAt: at.toISOString(),
  };
}

function auditSummary(verified: Verified): string {
  const { audit } = verified;
  const proofs = `${audit.inclusionProofs} inclusion and ${audit.consistencyFrom.length} consistency proofs`;
  if (audit.mode === 'tiles')
    return `read every entry bundle and compared every tile (${audit.tiles} requests) with the hashes recomputed from the entries`;
  if (audit.mode === 'full') return `audited every stored tree hash with ${proofs}`;
  const why =
    audit.sampledBecause === 'asked'
      ? 'a sample was asked for'
      : `size ${verified.size} is above the full-audit limit of ${audit.fullAuditMax}`;
  return `checked a sample of ${proofs}, not a full audit of the stored tree hashes (${why})`;
}

export function summary(verified: Verified): string {
  const head = `OK: ${verified.origin} size ${verified.size} root ${toBase64(verified.root)}`;
  const audit = verified.size === 0 ? '' : `; ${auditSummary(verified)}`;
  if (verified.previousSize === null) return `${head}${audit}; no previous checkpoint to compare with`;
  return `${head}${audit}; consistent with the previous checkpoint (size ${verified.previousSize})`;
}
