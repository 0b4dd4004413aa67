// Merkle tree hashing and proofs of RFC 9162 §2.1 (the same tree as RFC 6962 §2.1), pure functions
// over byte arrays. Storage keeps the hashes of perfect subtrees; the functions here say which of them
// a proof needs and how to combine them, so a proof costs O(log n) reads. The same module runs in the
// browser's verifier: SHA-256 comes through the crypto seam.
import { sha256 } from '#ledger/crypto';
import { sameBytes } from './bytes.ts';

export type Hash = Uint8Array; // 32 bytes
export const HASH_SIZE = 32;

// RFC 9162 §2.1.1: leaf hashes are domain-separated from node hashes by a one-byte prefix, so a node
// can never be passed off as a leaf (second-preimage protection).
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(entry: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, entry);
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

// RFC 9162 §2.1.1: MTH({}) = SHA-256().
export const EMPTY_ROOT: Hash = sha256();

/** The largest power of two strictly smaller than n (n > 1), the split point k of RFC 9162 §2.1.1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isIndex(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** RFC 9162 §2.1.1 MTH over leaf hashes; the reference computation, O(n). */
export function rootFromLeaves(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  const mth = (start: number, end: number): Hash => {
    if (end - start === 1) return leaves[start];
    const k = splitPoint(end - start);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth(0, leaves.length);
}

// Storage keeps hashes of perfect (complete, aligned) subtrees: node (level, index) covers leaves
// [index*2^level, (index+1)*2^level). Level 0 = leaf hashes.
export interface NodeId {
  level: number;
  index: number;
}

export function nodeKey(id: NodeId): string {
  return `${id.level}:${id.index}`;
}

/** Decomposes the leaf range [start, end) into aligned perfect subtrees, left to right. */
export function perfectRanges(start: number, end: number): NodeId[] {
  if (!isIndex(start) || !isIndex(end) || start > end) {
    throw new RangeError(`invalid leaf range [${start}, ${end})`);
  }
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    let level = 0;
    // Grow while the doubled subtree stays aligned at `at` and inside the range. Arithmetic, not bit
    // operators, so indices beyond 2^31 stay correct.
    while (at % (size * 2) === 0 && at + size * 2 <= end) {
      size *= 2;
      level += 1;
    }
    nodes.push({ level, index: at / size });
    at += size;
  }
  return nodes;
}

/** A range whose MTH a proof needs: leaves [start, end). */
export interface LeafRange {
  start: number;
  end: number;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]) as the ranges whose MTH form the proof, in proof order. */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  if (!isIndex(index) || !isIndex(size) || index >= size) {
    throw new RangeError(`no inclusion proof for index ${index} in a tree of size ${size}`);
  }
  // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) when m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]);
  // PATH of a single leaf is empty. The recursion is walked top-down, so siblings are collected root
  // first and reversed at the end (the proof lists the sibling nearest the leaf first).
  const siblings: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      siblings.push({ start, end: start + k });
      start += k;
    }
  }
  return siblings.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), as ranges in proof order. 0 < m <= n. */
export function consistencyProofRanges(first: number, second: number): LeafRange[] {
  if (!isIndex(first) || !isIndex(second) || first === 0 || first > second) {
    throw new RangeError(`no consistency proof from size ${first} to size ${second}`);
  }
  // SUBPROOF(m, D[n], b): when m == n, [] if b else [MTH(D[n])]; when m <= k,
  // SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); otherwise SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
  const outer: LeafRange[] = [];
  let start = 0;
  let end = second;
  let b = true;
  // m is `first - start` relative to the current subtree [start, end); m == n there means first == end.
  while (first !== end) {
    const k = splitPoint(end - start);
    if (first - start <= k) {
      outer.push({ start: start + k, end });
      end = start + k;
    } else {
      outer.push({ start, end: start + k });
      start += k;
      b = false;
    }
  }
  // Here m == n for the current subtree: the old tree's last subtree is part of the proof unless it is
  // the whole old tree (b still true), which the verifier already holds as the first root.
  const proof = b ? [] : [{ start, end }];
  return proof.concat(outer.reverse());
}

/** The perfect nodes needed for the MTH of all the given ranges, deduplicated, first use first. */
export function nodesForRanges(ranges: readonly LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of ranges) {
    for (const id of perfectRanges(range.start, range.end)) {
      const key = nodeKey(id);
      if (!seen.has(key)) seen.set(key, id);
    }
  }
  return [...seen.values()];
}

/**
 * MTH of a range from stored perfect-node hashes. RFC 9162 §2.1.1 splits a subtree at the largest power
 * of two k below its size: the left part is perfect and the right part recurses, so the MTH of
 * [start, end) is the right fold nodeHash(p0, nodeHash(p1, … nodeHash(p_{j-1}, p_j))) over its perfect
 * decomposition. That holds only when the range is a subtree of some RFC tree, i.e. start is a multiple
 * of the smallest power of two >= its length (every range a proof asks for is); others are refused.
 */
export function rangeHash(range: LeafRange, lookup: (id: NodeId) => Hash | undefined): Hash {
  const { start, end } = range;
  if (start === 0 && end === 0) return EMPTY_ROOT;
  if (!isIndex(start) || !isIndex(end) || start >= end) {
    throw new RangeError(`invalid leaf range [${start}, ${end})`);
  }
  let span = 1;
  while (span < end - start) span *= 2;
  if (start % span !== 0) {
    throw new RangeError(`leaf range [${start}, ${end}) is not a subtree of a Merkle tree`);
  }
  const hashes = perfectRanges(start, end).map((id) => {
    const hash = lookup(id);
    if (hash === undefined) throw new Error(`missing tree node ${nodeKey(id)}`);
    return hash;
  });
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i -= 1) hash = nodeHash(hashes[i], hash);
  return hash;
}

/**
 * The perfect nodes completed by appending the leaf at `index`: the leaf itself, then each ancestor
 * whose left sibling already exists (while the node just completed is a right child).
 */
export function nodesCompletedByAppend(
  index: number,
  leaf: Hash,
  lookup: (id: NodeId) => Hash | undefined,
): { id: NodeId; hash: Hash }[] {
  if (!isIndex(index)) throw new RangeError(`invalid leaf index ${index}`);
  const completed = [{ id: { level: 0, index }, hash: leaf }];
  let level = 0;
  let at = index;
  let hash = leaf;
  while (at % 2 === 1) {
    const sibling = { level, index: at - 1 };
    const left = lookup(sibling);
    if (left === undefined) throw new Error(`missing tree node ${nodeKey(sibling)}`);
    hash = nodeHash(left, hash);
    level += 1;
    at = (at - 1) / 2;
    completed.push({ id: { level, index: at }, hash });
  }
  return completed;
}

/** Inclusion proof straight from the leaf hashes (tests and small tools). */
export function inclusionProof(index: number, leaves: readonly Hash[]): Hash[] {
  return inclusionProofRanges(index, leaves.length).map((r) => rootFromLeaves(leaves.slice(r.start, r.end)));
}

/** Consistency proof from size `first` to the whole list of leaf hashes (tests and small tools). */
export function consistencyProof(first: number, leaves: readonly Hash[]): Hash[] {
  return consistencyProofRanges(first, leaves.length).map((r) => rootFromLeaves(leaves.slice(r.start, r.end)));
}

function isHash(value: unknown): value is Hash {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/** Halves like a right shift by one, without the 32-bit limit of `>>`. */
function half(n: number): number {
  return Math.floor(n / 2);
}

/**
 * The walk up the tree that RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) share: `fn` is the
 * node's index in its level and `sn` the last index of that level. Each proof hash is handed to `sibling`
 * as the node's left sibling (`fn` odd, or `fn` on the right border) or its right one. On the right border
 * the path skips the levels where the node has no sibling. True when the proof ends exactly at the root.
 */
function climb(
  fn: number,
  sn: number,
  proof: readonly Hash[],
  sibling: (hash: Hash, onTheLeft: boolean) => void,
): boolean {
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      sibling(p, true);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sibling(p, false);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0;
}

/**
 * RFC 9162 §2.1.3.2: verifies that `leaf` is at `index` in the tree of `size` leaves with `root`.
 * Untrusted input never throws: anything malformed is simply not a proof.
 */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (!isIndex(index) || !isIndex(size) || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  let r = leaf;
  const reached = climb(index, size - 1, proof, (p, onTheLeft) => {
    r = onTheLeft ? nodeHash(p, r) : nodeHash(r, p);
  });
  return reached && sameBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: verifies that the tree of size `first` with `firstRoot` is a prefix of the tree of
 * size `second` with `secondRoot`. The algorithm covers 0 < first < second; as in transparency-dev, equal
 * sizes need an empty proof and equal roots, and a proof from the empty tree (first == 0) is refused.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Hash,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!isIndex(first) || !isIndex(second) || first === 0 || first > second) return false;
  if (!(firstRoot instanceof Uint8Array) || !(secondRoot instanceof Uint8Array) || !Array.isArray(proof)) return false;
  // Equal sizes: nothing is hashed, the roots are compared as given (the published vectors accept equal
  // roots of any length here).
  if (first === second) return proof.length === 0 && sameBytes(firstRoot, secondRoot);
  if (!isHash(firstRoot) || !isHash(secondRoot) || proof.length === 0 || !proof.every(isHash)) return false;
  let power = first;
  while (power % 2 === 0) power /= 2;
  // Step 2: when first is a power of two its whole tree is a node on the path, and the proof omits it.
  const path = power === 1 ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  const reached = climb(fn, sn, path.slice(1), (c, onTheLeft) => {
    // A left sibling is in both trees; a right one only in the second.
    if (onTheLeft) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
    } else {
      sr = nodeHash(sr, c);
    }
  });
  return reached && sameBytes(fr, firstRoot) && sameBytes(sr, secondRoot);
}
