// The verifier's proof checks. The server answers proofs from stored perfect-subtree hashes (DESIGN §3,
// "Proofs in O(log n)"), so a stored hash altered in the database only shows in the proofs that read
// it: checking enough of them, against leaves and roots recomputed from the entries, audits the store.
import { sameBytes, toBase64 } from './bytes.ts';
import { mapLimited } from './concurrency.ts';
import { verifyConsistency, verifyInclusion, type Hash } from './merkle.ts';
import { VerificationFailure, consistencyAnswer, getJson, inclusionAnswer, type Api } from './verifier-api.ts';
import type { AuditPlan, Progress } from './verifier-entries.ts';

const ALTERED = '(a stored tree hash was altered?)';

/**
 * Checks the inclusion proof of leaf `index` in the tree of `size` leaves whose signed root is `root`, and
 * returns the proof.
 */
export async function checkInclusion(api: Api, index: number, size: number, leaf: Hash, root: Hash): Promise<Hash[]> {
  const what = `inclusion proof for entry ${index} (size ${size})`;
  const proof = await getJson(api, `proof/inclusion?index=${index}&size=${size}`, inclusionAnswer, what);
  if (proof.index !== index || proof.size !== size) {
    throw new VerificationFailure(`${what}: the answer is for entry ${proof.index} (size ${proof.size})`);
  }
  if (!sameBytes(proof.leafHash, leaf)) {
    throw new VerificationFailure(
      `${what}: leafHash ${toBase64(proof.leafHash)} is not the hash of the entry's canonical text (${toBase64(leaf)}) (a stored leaf hash was altered?)`,
    );
  }
  if (!sameBytes(proof.rootHash, root)) {
    throw new VerificationFailure(
      `${what}: rootHash ${toBase64(proof.rootHash)} is not the signed root ${toBase64(root)} ${ALTERED}`,
    );
  }
  if (!verifyInclusion(index, size, leaf, proof.proof, root)) {
    throw new VerificationFailure(`${what}: the proof does not lead to the signed root ${ALTERED}`);
  }
  return proof.proof;
}

/**
 * Checks the consistency proof from size `first` to size `second`. `firstRoot` is what the verifier holds
 * for the smaller tree (recomputed or signed before); `firstRootDiffers` words the failure when the log
 * answers another one.
 */
export async function checkConsistency(
  api: Api,
  first: number,
  second: number,
  firstRoot: Hash,
  secondRoot: Hash,
  firstRootDiffers: (served: Hash) => string,
): Promise<void> {
  const what = `consistency proof ${first} → ${second}`;
  const proof = await getJson(api, `proof/consistency?first=${first}&second=${second}`, consistencyAnswer, what);
  if (proof.first !== first || proof.second !== second) {
    throw new VerificationFailure(`${what}: the answer is for ${proof.first} → ${proof.second}`);
  }
  if (!sameBytes(proof.firstRoot, firstRoot))
    throw new VerificationFailure(`${what}: ${firstRootDiffers(proof.firstRoot)}`);
  if (!sameBytes(proof.secondRoot, secondRoot)) {
    throw new VerificationFailure(
      `${what}: secondRoot ${toBase64(proof.secondRoot)} is not the signed root ${toBase64(secondRoot)} ${ALTERED}`,
    );
  }
  if (!verifyConsistency(first, second, firstRoot, secondRoot, proof.proof)) {
    throw new VerificationFailure(
      `${what}: the proof does not show the tree of size ${first} is a prefix of the tree of size ${second}`,
    );
  }
}

/** Consistency of a prefix whose root the verifier recomputed from the entries with the signed tree. */
export function checkPrefix(api: Api, first: number, second: number, prefixRoot: Hash, root: Hash): Promise<void> {
  return checkConsistency(
    api,
    first,
    second,
    prefixRoot,
    root,
    (served) =>
      `firstRoot ${toBase64(served)} is not the root ${toBase64(prefixRoot)} recomputed from the first ${first} entries ${ALTERED}`,
  );
}

/**
 * Checks the inclusion proof of every leaf in the plan against the signed root. The failure reported is
 * that of the lowest leaf, a mismatch before a network error, so the entry named does not depend on timing.
 */
export async function auditInclusion(
  api: Api,
  plan: AuditPlan,
  root: Hash,
  concurrency: number,
  progress: Progress,
): Promise<void> {
  await mapLimited(
    plan.count,
    concurrency,
    // The proofs are not kept: a full audit checks one per two leaves.
    async (slot) => {
      await checkInclusion(api, plan.indexAt(slot), plan.size, plan.leafAt(slot), root);
    },
    {
      onDone: (done) => progress.tick(done, plan.count, 'proofs'),
      prefer: (error) => error instanceof VerificationFailure,
    },
  );
}
