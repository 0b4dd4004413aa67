// The verifier's walk over every entry: each served item is checked against its canonical text and
// folded into the tree, in O(log n) memory, recording on the way the leaf hashes whose inclusion proofs
// will be audited and the roots of the prefixes whose consistency proofs will be checked.
import canonicalize from 'canonicalize';
import { sameBytes, toBase64, utf8Bytes } from './bytes.ts';
import { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash, type Hash } from './merkle.ts';
import {
  VerificationFailure,
  describeIssues,
  entriesPage,
  entryItem,
  getJson,
  hashFromBase64,
  parseAnswer,
  type Api,
} from './verifier-api.ts';

export type Phase = 'entries' | 'proofs';
export type ProgressReport = (done: number, total: number, phase: Phase) => void;

/** Calls `report` every `every` items or every `everyMs` milliseconds, whichever comes first. */
export class Progress {
  private last = Date.now();

  constructor(
    private readonly report: ProgressReport | undefined,
    private readonly every: number,
    private readonly everyMs: number,
  ) {}

  tick(done: number, total: number, phase: Phase): void {
    if (this.report === undefined) return;
    if (done % this.every === 0 || Date.now() - this.last >= this.everyMs) {
      this.report(done, total, phase);
      this.last = Date.now();
    }
  }
}

/**
 * The perfect subtrees covering the leaves appended so far, left to right, at most one per level (a
 * "compact range", as in transparency-dev's merkle/compact). Appending merges equal levels like a binary
 * counter; the root is the RFC 9162 §2.1.1 MTH, which for a prefix [0, n) is the right fold of nodeHash
 * over this decomposition.
 */
export class CompactRange {
  private readonly nodes: { level: number; hash: Hash }[] = [];

  append(leaf: Hash): void {
    let node = { level: 0, hash: leaf };
    while (this.nodes.length > 0 && this.nodes[this.nodes.length - 1].level === node.level) {
      const left = this.nodes.pop()!;
      node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) };
    }
    this.nodes.push(node);
  }

  root(): Hash {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let root = this.nodes[this.nodes.length - 1].hash;
    for (let i = this.nodes.length - 2; i >= 0; i -= 1) root = nodeHash(this.nodes[i].hash, root);
    return root;
  }
}

/**
 * The leaves whose inclusion proofs are checked, with their recomputed leaf hashes packed in one buffer.
 * A full audit takes every even leaf and the last one: the proof of a leaf holds the sibling of each node
 * on its path and echoes the leaf, so together these proofs read every stored subtree hash of the tree.
 */
export class AuditPlan {
  readonly count: number;
  private readonly evens: number;
  private readonly slots: Map<number, number> | null;
  private readonly leaves: Uint8Array;

  private constructor(
    readonly size: number,
    /** The sampled leaves, ascending; null for a full audit. */
    readonly sampled: readonly number[] | null,
  ) {
    this.evens = Math.ceil(size / 2);
    if (sampled === null) {
      this.slots = null;
      this.count = this.evens + (size > 0 && size % 2 === 0 ? 1 : 0);
    } else {
      this.slots = new Map(sampled.map((index, slot) => [index, slot]));
      this.count = sampled.length;
    }
    this.leaves = new Uint8Array(this.count * HASH_SIZE);
  }

  static full(size: number): AuditPlan {
    return new AuditPlan(size, null);
  }

  /** No proof is audited: the walk only recomputes the root. */
  static none(size: number): AuditPlan {
    return new AuditPlan(size, []);
  }

  /** The first, middle and last leaves and `random` more picked by `pick(size)`. */
  static sample(size: number, random: number, pick: (size: number) => number): AuditPlan {
    if (size === 0) return new AuditPlan(0, []);
    const chosen = new Set([0, Math.floor(size / 2), size - 1]);
    for (let i = 0; i < random; i += 1) chosen.add(pick(size));
    return new AuditPlan(
      size,
      [...chosen].sort((a, b) => a - b),
    );
  }

  indexAt(slot: number): number {
    if (this.sampled !== null) return this.sampled[slot];
    return slot < this.evens ? slot * 2 : this.size - 1;
  }

  /** The slot of leaf `index`, or -1 when its proof is not checked. */
  slotOf(index: number): number {
    if (this.slots !== null) return this.slots.get(index) ?? -1;
    if (index % 2 === 0) return index / 2;
    return index === this.size - 1 ? this.evens : -1;
  }

  record(index: number, leaf: Hash): void {
    const slot = this.slotOf(index);
    if (slot >= 0) this.leaves.set(leaf, slot * HASH_SIZE);
  }

  leafAt(slot: number): Hash {
    return this.leaves.subarray(slot * HASH_SIZE, (slot + 1) * HASH_SIZE);
  }
}

/** Checks one served item at position `seq` and returns its recomputed leaf hash. */
export function checkEntry(item: unknown, seq: number): Hash {
  const parsed = parseAnswer(entryItem, item);
  if (!parsed.success) throw new VerificationFailure(`entry ${seq}: malformed item (${describeIssues(parsed.error)})`);
  const { canonical } = parsed.data;
  if (parsed.data.seq !== seq)
    throw new VerificationFailure(`entry ${seq}: the log served seq ${parsed.data.seq} in its place`);
  const recomputed = checkCanonical(canonical, seq);
  const served = hashFromBase64(parsed.data.leafHash);
  if (served === null) throw new VerificationFailure(`entry ${seq}: leafHash is not a 32-byte hash in standard base64`);
  if (!sameBytes(served, recomputed)) {
    throw new VerificationFailure(
      `entry ${seq}: the served leaf hash ${toBase64(served)} is not the hash of its canonical text (${toBase64(recomputed)})`,
    );
  }
  return recomputed;
}

/** Checks the canonical text of entry `seq` (JCS, v 1, its own seq) and returns its leaf hash. */
export function checkCanonical(canonical: string, seq: number): Hash {
  // A lone surrogate has no UTF-8 encoding: the bytes we hash would not be the bytes the log hashed.
  if (/\p{Cs}/u.test(canonical)) throw new VerificationFailure(`entry ${seq}: the canonical text is not valid Unicode`);
  let entry: unknown;
  try {
    entry = JSON.parse(canonical);
  } catch {
    throw new VerificationFailure(`entry ${seq}: the canonical text is not JSON`);
  }
  if (canonicalize(entry) !== canonical) {
    throw new VerificationFailure(`entry ${seq}: the canonical text is not RFC 8785 (JCS) canonical JSON`);
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new VerificationFailure(`entry ${seq}: not a JSON object`);
  if (!('v' in entry) || entry.v !== 1)
    throw new VerificationFailure(`entry ${seq}: unknown entry version (v must be 1)`);
  if (!('seq' in entry) || entry.seq !== seq)
    throw new VerificationFailure(
      `entry ${seq}: the entry itself says seq ${JSON.stringify('seq' in entry ? entry.seq : undefined)}`,
    );
  return leafHash(utf8Bytes(canonical));
}

/**
 * Fetches and checks the first `size` entries, folding them into the tree. Records the leaf hashes the
 * plan audits and the roots at `prefixSizes`; returns the root of the whole tree.
 */
export async function foldEntries(
  api: Api,
  size: number,
  pageSize: number,
  plan: AuditPlan,
  prefixSizes: ReadonlySet<number>,
  progress: Progress,
): Promise<{ root: Hash; prefixRoots: Map<number, Hash> }> {
  const tree = new CompactRange();
  const prefixRoots = new Map<number, Hash>();
  let position = 0;
  while (position < size) {
    const limit = Math.min(pageSize, size - position);
    const page = await getJson(
      api,
      `entries?start=${position}&limit=${limit}`,
      entriesPage,
      `entries from ${position}`,
    );
    // The log may have grown past the checkpoint: only its first `size` entries are checked.
    for (const item of page.entries.slice(0, size - position)) {
      const leaf = checkEntry(item, position);
      tree.append(leaf);
      plan.record(position, leaf);
      position += 1;
      if (prefixSizes.has(position)) prefixRoots.set(position, tree.root());
      progress.tick(position, size, 'entries');
    }
    if (position < size && (page.entries.length === 0 || page.next === null)) {
      throw new VerificationFailure(
        `entry ${position}: missing; the log serves ${position} entries but its checkpoint says ${size}`,
      );
    }
  }
  return { root: tree.root(), prefixRoots };
}

/** The root recomputed from the first `size` entries must be the signed checkpoint's (RFC 9162 §2.1.1). */
export function checkRecomputedRoot(recomputed: Hash, size: number, signed: Hash): void {
  if (!sameBytes(recomputed, signed)) {
    throw new VerificationFailure(
      `checkpoint: the recomputed root ${toBase64(recomputed)} of ${size} entries differs from the signed checkpoint's root ${toBase64(signed)}`,
    );
  }
}
