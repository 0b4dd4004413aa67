// The ledger's Merkle tree against RFC 9162 §2.1: known hashes, an independent recursive implementation
// of MTH, PATH and PROOF/SUBPROOF written straight from the RFC text, the storage path (perfect nodes
// plus ranges) that serves proofs in O(log n), and the published transparency-dev proof vectors.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import {
  EMPTY_ROOT,
  HASH_SIZE,
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
  leafHash,
  nodeHash,
  nodeKey,
  nodesCompletedByAppend,
  nodesForRanges,
  perfectRanges,
  rangeHash,
  rootFromLeaves,
  verifyConsistency,
  verifyInclusion,
} from '../../server/ledger/merkle.ts';
import type { Hash, LeafRange, NodeId } from '../../server/ledger/merkle.ts';
import { consistencyVectors, inclusionVectors } from '../support/rfc9162-vectors.ts';

const MAX_SIZE = 70;

const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');
const fromHex = (s: string): Uint8Array => Buffer.from(s, 'hex');
const hexes = (hs: readonly Uint8Array[]): string[] => hs.map(hex);

// --- An independent reference, written from the RFC 9162 §2.1 definitions and nothing else. ---

const sha256 = (...parts: Uint8Array[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const refLeaf = (data: Uint8Array): Hash => sha256(Uint8Array.of(0), data);
const refNode = (l: Hash, r: Hash): Hash => sha256(Uint8Array.of(1), l, r);
// k is the largest power of two smaller than n (n > 1).
const refK = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

// §2.1.1 MTH(D[n]).
function refMTH(d: readonly Hash[]): Hash {
  if (d.length === 0) return sha256();
  if (d.length === 1) return d[0];
  const k = refK(d.length);
  return refNode(refMTH(d.slice(0, k)), refMTH(d.slice(k)));
}

// §2.1.3.1 PATH(m, D[n]), each element with the side its subtree sits on.
type Side = 'left' | 'right';
function refPATH(m: number, d: readonly Hash[]): { hash: Hash; side: Side }[] {
  if (d.length === 1) return [];
  const k = refK(d.length);
  if (m < k) return [...refPATH(m, d.slice(0, k)), { hash: refMTH(d.slice(k)), side: 'right' }];
  return [...refPATH(m - k, d.slice(k)), { hash: refMTH(d.slice(0, k)), side: 'left' }];
}

// §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
function refSUBPROOF(m: number, d: readonly Hash[], b: boolean): Hash[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMTH(d)];
  const k = refK(n);
  if (m <= k) return [...refSUBPROOF(m, d.slice(0, k), b), refMTH(d.slice(k))];
  return [...refSUBPROOF(m - k, d.slice(k), false), refMTH(d.slice(0, k))];
}
const refPROOF = (m: number, d: readonly Hash[]): Hash[] => refSUBPROOF(m, d, true);

// Reference verifiers: rebuild the roots by walking the same recursions top-down, consuming the proof
// from its end (the last element is the root's child). Used to judge proofs checked against other sizes.
function refVerifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (index < 0 || index >= size) return false;
  let j = proof.length;
  const rebuild = (m: number, n: number): Hash | null => {
    if (n === 1) return leaf;
    if (j === 0) return null;
    const p = proof[--j];
    const k = refK(n);
    const below = m < k ? rebuild(m, k) : rebuild(m - k, n - k);
    if (below === null) return null;
    return m < k ? refNode(below, p) : refNode(p, below);
  };
  const r = rebuild(index, size);
  return r !== null && j === 0 && hex(r) === hex(root);
}

function refVerifyConsistency(m0: number, n0: number, r1: Hash, r2: Hash, proof: readonly Hash[]): boolean {
  if (m0 <= 0 || m0 > n0) return false;
  if (m0 === n0) return proof.length === 0 && hex(r1) === hex(r2);
  let j = proof.length;
  const rebuild = (m: number, n: number, b: boolean): [Hash, Hash] | null => {
    if (m === n) {
      if (b) return [r1, r1];
      if (j === 0) return null;
      const p = proof[--j];
      return [p, p];
    }
    if (j === 0) return null;
    const p = proof[--j];
    const k = refK(n);
    if (m <= k) {
      const s = rebuild(m, k, b);
      return s && [s[0], refNode(s[1], p)];
    }
    const s = rebuild(m - k, n - k, false);
    return s && [refNode(p, s[0]), refNode(p, s[1])];
  };
  const got = rebuild(m0, n0, true);
  return got !== null && j === 0 && hex(got[0]) === hex(r1) && hex(got[1]) === hex(r2);
}

// --- Fixtures. ---

const leaves: Hash[] = Array.from({ length: MAX_SIZE }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const rootOf = (n: number): Hash => refMTH(leaves.slice(0, n));

function flipBit(proof: readonly Hash[], i: number): Hash[] {
  return proof.map((h, j) => {
    if (j !== i) return h;
    const copy = Uint8Array.from(h);
    copy[(i * 7) % HASH_SIZE] ^= 1 << (i % 8);
    return copy;
  });
}

// Perfect nodes as storage keeps them, built only through nodesCompletedByAppend.
function buildStore(n: number): Map<string, Hash> {
  const store = new Map<string, Hash>();
  for (let i = 0; i < n; i += 1) {
    for (const { id, hash } of nodesCompletedByAppend(i, leaves[i], (id) => store.get(nodeKey(id)))) {
      store.set(nodeKey(id), hash);
    }
  }
  return store;
}

// A proof for tree size n served from storage: fetch exactly nodesForRanges (all inside [0, n)), then
// hash each range from those alone.
function proofFromStore(store: Map<string, Hash>, ranges: readonly LeafRange[], n: number): Hash[] {
  const needed = nodesForRanges(ranges);
  const fetched = new Map<string, Hash>();
  for (const id of needed) {
    expect((id.index + 1) * 2 ** id.level, `node ${nodeKey(id)} lies inside the tree`).to.be.at.most(n);
    const hash = store.get(nodeKey(id));
    expect(hash, `node ${nodeKey(id)} is stored`).to.not.equal(undefined);
    fetched.set(nodeKey(id), hash!);
  }
  return ranges.map((r) => rangeHash(r, (id: NodeId) => fetched.get(nodeKey(id))));
}

describe('ledger Merkle tree (RFC 9162 §2.1)', () => {
  describe('hashing', () => {
    it('when the tree is empty, then its root is SHA-256 of nothing', () => {
      expect(hex(EMPTY_ROOT)).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(hex(rootFromLeaves([]))).to.equal(hex(EMPTY_ROOT));
    });

    it('when leaves and nodes are hashed, then they carry the 0x00 and 0x01 prefixes', () => {
      expect(hex(leafHash(new Uint8Array()))).to.equal(
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      );
      const a = leafHash(Buffer.from('a'));
      const b = leafHash(Buffer.from('b'));
      expect(hex(a)).to.equal(hex(refLeaf(Buffer.from('a'))));
      expect(hex(nodeHash(a, b))).to.equal(hex(refNode(a, b)));
      expect(hex(nodeHash(a, b))).to.not.equal(hex(nodeHash(b, a)));
      expect(a.length).to.equal(HASH_SIZE);
    });

    // The RFC 6962 test leaves and roots used by transparency-dev/merkle (proof/verify_test.go).
    const rfcLeaves = [
      '',
      '00',
      '10',
      '2021',
      '3031',
      '40414243',
      '5051525354555657',
      '606162636465666768696a6b6c6d6e6f',
    ].map((h) => leafHash(fromHex(h)));
    const rfcRoots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];

    it('when the RFC 6962 test leaves are logged one by one, then each root is the published one', () => {
      for (let n = 1; n <= 8; n += 1) expect(hex(rootFromLeaves(rfcLeaves.slice(0, n)))).to.equal(rfcRoots[n - 1]);
    });

    it('when proofs are made over the RFC 6962 test leaves, then they are the published ones', () => {
      const inclusion: [number, number, string[]][] = [
        [
          0,
          8,
          [
            '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
            '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
            '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
          ],
        ],
        [
          5,
          8,
          [
            'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
            'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
            'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
          ],
        ],
        [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
        [
          1,
          5,
          [
            '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
            '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
            'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
          ],
        ],
      ];
      for (const [index, size, want] of inclusion) {
        expect(hexes(inclusionProof(index, rfcLeaves.slice(0, size)))).to.deep.equal(want);
      }
      const consistency: [number, number, string[]][] = [
        [1, 1, []],
        [
          1,
          8,
          [
            '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
            '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
            '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
          ],
        ],
        [
          6,
          8,
          [
            '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
            'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
            'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
          ],
        ],
        [
          2,
          5,
          [
            '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
            'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
          ],
        ],
        [
          6,
          7,
          [
            '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
            'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
            'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
          ],
        ],
      ];
      for (const [first, second, want] of consistency) {
        const proof = consistencyProof(first, rfcLeaves.slice(0, second));
        expect(hexes(proof)).to.deep.equal(want);
        expect(
          verifyConsistency(first, second, fromHex(rfcRoots[first - 1]), fromHex(rfcRoots[second - 1]), proof),
        ).to.equal(true);
      }
    });
  });

  describe('against the recursive RFC definitions, every tree size up to 70', () => {
    it('when any tree of up to 70 leaves is hashed, then rootFromLeaves equals the recursive MTH', () => {
      for (let n = 0; n <= MAX_SIZE; n += 1) expect(hex(rootFromLeaves(leaves.slice(0, n)))).to.equal(hex(rootOf(n)));
    });

    it('when an inclusion proof is made for every leaf of every tree, then it is PATH(m, D[n]) and verifies', () => {
      for (let n = 1; n <= MAX_SIZE; n += 1) {
        const d = leaves.slice(0, n);
        for (let m = 0; m < n; m += 1) {
          const proof = inclusionProof(m, d);
          expect(hexes(proof), `PATH(${m}, D[${n}])`).to.deep.equal(refPATH(m, d).map((p) => hex(p.hash)));
          expect(verifyInclusion(m, n, d[m], proof, rootOf(n)), `verify ${m} in ${n}`).to.equal(true);
        }
      }
    });

    it('when a consistency proof is made for every pair of sizes, then it is PROOF(m, D[n]) and verifies', () => {
      for (let n = 1; n <= MAX_SIZE; n += 1) {
        const d = leaves.slice(0, n);
        for (let m = 1; m <= n; m += 1) {
          const proof = consistencyProof(m, d);
          expect(hexes(proof), `PROOF(${m}, D[${n}])`).to.deep.equal(hexes(refPROOF(m, d)));
          expect(verifyConsistency(m, n, rootOf(m), rootOf(n), proof), `verify ${m} → ${n}`).to.equal(true);
        }
      }
    });

    it('when an inclusion proof is tampered with, then it is refused', () => {
      for (let n = 1; n <= MAX_SIZE; n += 1) {
        const root = rootOf(n);
        for (let m = 0; m < n; m += 1) {
          const proof = inclusionProof(m, leaves.slice(0, n));
          const leaf = leaves[m];
          const refused = (label: string, ok: boolean): void => {
            expect(ok, `${label}: leaf ${m} of ${n}`).to.equal(false);
          };
          proof.forEach((_, i) =>
            refused(`flipped bit in proof[${i}]`, verifyInclusion(m, n, leaf, flipBit(proof, i), root)),
          );
          if (proof.length > 0) {
            refused('last node dropped', verifyInclusion(m, n, leaf, proof.slice(0, -1), root));
            refused('first node dropped', verifyInclusion(m, n, leaf, proof.slice(1), root));
          }
          refused('node appended', verifyInclusion(m, n, leaf, [...proof, root], root));
          refused('node prepended', verifyInclusion(m, n, leaf, [leaf, ...proof], root));
          refused('other leaf', verifyInclusion(m, n, leaves[(m + 1) % MAX_SIZE], proof, root));
          refused('other root', verifyInclusion(m, n, leaf, proof, rootOf(n === 1 ? 2 : n - 1)));
          for (const other of [m - 1, m + 1, m ^ 1, m ^ 2]) {
            if (other >= 0 && other < n && other !== m)
              refused(`index ${other}`, verifyInclusion(other, n, leaf, proof, root));
          }
          refused('index = size', verifyInclusion(n, n, leaf, proof, root));
        }
      }
    });

    it('when an inclusion proof is checked against another tree size, then it passes only where the RFC recursion rebuilds the same root', () => {
      let accepted = 0;
      for (let n = 1; n <= MAX_SIZE; n += 1) {
        const root = rootOf(n);
        for (let m = 0; m < n; m += 1) {
          const proof = inclusionProof(m, leaves.slice(0, n));
          for (const size of [n - 1, n + 1, n * 2, Math.floor(n / 2)]) {
            const got = verifyInclusion(m, size, leaves[m], proof, root);
            expect(got, `leaf ${m} of ${n} checked as size ${size}`).to.equal(
              refVerifyInclusion(m, size, leaves[m], proof, root),
            );
            if (got) accepted += 1;
          }
        }
      }
      // Sizes whose trees put the leaf on the same path shape (leaf 0 of 3 and of 4, say) cannot be told
      // apart by the proof: the signed root, which commits to its size, is what binds the size.
      expect(accepted).to.be.greaterThan(0);
      expect(verifyInclusion(0, 4, leaves[0], inclusionProof(0, leaves.slice(0, 3)), rootOf(3))).to.equal(true);
    });

    it('when a consistency proof is tampered with, then it is refused', () => {
      for (let n = 2; n <= MAX_SIZE; n += 1) {
        for (let m = 1; m < n; m += 1) {
          const proof = consistencyProof(m, leaves.slice(0, n));
          const [r1, r2] = [rootOf(m), rootOf(n)];
          const refused = (label: string, ok: boolean): void => {
            expect(ok, `${label}: ${m} → ${n}`).to.equal(false);
          };
          proof.forEach((_, i) =>
            refused(`flipped bit in proof[${i}]`, verifyConsistency(m, n, r1, r2, flipBit(proof, i))),
          );
          refused('empty proof', verifyConsistency(m, n, r1, r2, []));
          refused('last node dropped', verifyConsistency(m, n, r1, r2, proof.slice(0, -1)));
          refused('first node dropped', verifyConsistency(m, n, r1, r2, proof.slice(1)));
          refused('node appended', verifyConsistency(m, n, r1, r2, [...proof, r2]));
          refused('node prepended', verifyConsistency(m, n, r1, r2, [r1, ...proof]));
          refused('swapped roots', verifyConsistency(m, n, r2, r1, proof));
          refused('other first root', verifyConsistency(m, n, rootOf(m + 1), r2, proof));
          refused('other second root', verifyConsistency(m, n, r1, rootOf(n - 1), proof));
          refused('from size 0', verifyConsistency(0, n, EMPTY_ROOT, r2, proof));
          refused('sizes reversed', verifyConsistency(n, m, r2, r1, proof));
        }
      }
    });

    it('when both sizes are equal, then only an empty proof between equal roots is accepted', () => {
      for (let n = 1; n <= MAX_SIZE; n += 1) {
        expect(verifyConsistency(n, n, rootOf(n), rootOf(n), []), `size ${n}`).to.equal(true);
        expect(verifyConsistency(n, n, rootOf(n), rootOf(n), [rootOf(n)]), `size ${n} with a proof`).to.equal(false);
        expect(
          verifyConsistency(n, n, rootOf(n), rootOf(n === 1 ? 2 : n - 1), []),
          `size ${n} with other roots`,
        ).to.equal(false);
      }
    });

    it('when a consistency proof is checked against other sizes, then it passes only where the RFC recursion rebuilds both roots', () => {
      for (let n = 2; n <= MAX_SIZE; n += 1) {
        for (let m = 1; m < n; m += 1) {
          const proof = consistencyProof(m, leaves.slice(0, n));
          const [r1, r2] = [rootOf(m), rootOf(n)];
          for (const [first, second] of [
            [m - 1, n],
            [m + 1, n],
            [m ^ 2, n],
            [m, n - 1],
            [m, n + 1],
            [m, n * 2],
            [m, Math.floor(n / 2)],
          ] as const) {
            const got = verifyConsistency(first, second, r1, r2, proof);
            expect(got, `${m} → ${n} checked as ${first} → ${second}`).to.equal(
              refVerifyConsistency(first, second, r1, r2, proof),
            );
          }
        }
      }
    });
  });

  describe('proofs served from stored perfect nodes', () => {
    const store = buildStore(MAX_SIZE);

    it('when leaves are appended one by one, then exactly the perfect subtrees are stored, each with its MTH', () => {
      let expected = 0;
      for (let level = 0; 2 ** level <= MAX_SIZE; level += 1) expected += Math.floor(MAX_SIZE / 2 ** level);
      expect(store.size).to.equal(expected);
      for (const [key, hash] of store) {
        const [level, index] = key.split(':').map(Number) as [number, number];
        const width = 2 ** level;
        expect(hex(hash), key).to.equal(hex(refMTH(leaves.slice(index * width, (index + 1) * width))));
      }
    });

    it('when a range is a subtree of some tree, then folding its perfect decomposition from the right gives its MTH', () => {
      let checked = 0;
      for (let start = 0; start < MAX_SIZE; start += 1) {
        for (let end = start + 1; end <= MAX_SIZE; end += 1) {
          const span = 2 ** Math.ceil(Math.log2(end - start));
          if (start % span !== 0) continue;
          const got = rangeHash({ start, end }, (id) => store.get(nodeKey(id)));
          expect(hex(got), `[${start}, ${end})`).to.equal(hex(refMTH(leaves.slice(start, end))));
          checked += 1;
        }
      }
      expect(checked).to.be.greaterThan(MAX_SIZE);
    });

    it('when a range is not a subtree of any tree, or a node is missing, then rangeHash refuses', () => {
      expect(() => rangeHash({ start: 1, end: 4 }, (id) => store.get(nodeKey(id)))).to.throw(RangeError);
      expect(() => rangeHash({ start: 5, end: 3 }, (id) => store.get(nodeKey(id)))).to.throw(RangeError);
      expect(() => rangeHash({ start: 0, end: 8 }, () => undefined)).to.throw(/missing tree node 3:0/);
      expect(hex(rangeHash({ start: 0, end: 0 }, () => undefined))).to.equal(hex(EMPTY_ROOT));
    });

    it('when a range is decomposed, then its perfect subtrees are aligned, left to right and O(log n)', () => {
      expect(perfectRanges(0, 13)).to.deep.equal([
        { level: 3, index: 0 },
        { level: 2, index: 2 },
        { level: 0, index: 12 },
      ]);
      expect(perfectRanges(3, 11)).to.deep.equal([
        { level: 0, index: 3 },
        { level: 2, index: 1 },
        { level: 1, index: 4 },
        { level: 0, index: 10 },
      ]);
      expect(perfectRanges(7, 7)).to.deep.equal([]);
      expect(perfectRanges(0, 2 ** 40 + 3)).to.deep.equal([
        { level: 40, index: 0 },
        { level: 1, index: 2 ** 39 },
        { level: 0, index: 2 ** 40 + 2 },
      ]);
      expect(nodeKey({ level: 3, index: 5 })).to.equal('3:5');
    });

    it('when proofs are served from the stored nodes, then they equal the in-memory proofs and the root', () => {
      for (let n = 1; n <= MAX_SIZE; n += 1) {
        const d = leaves.slice(0, n);
        expect(hex(proofFromStore(store, [{ start: 0, end: n }], n)[0]), `root of ${n}`).to.equal(hex(rootOf(n)));
        for (let m = 0; m < n; m += 1) {
          const ranges = inclusionProofRanges(m, n);
          expect(hexes(proofFromStore(store, ranges, n)), `inclusion ${m} in ${n}`).to.deep.equal(
            hexes(inclusionProof(m, d)),
          );
          expect(nodesForRanges(ranges).length, `reads for ${m} in ${n}`).to.be.at.most(
            2 * Math.ceil(Math.log2(n)) + 1,
          );
        }
        for (let m = 1; m <= n; m += 1) {
          const ranges = consistencyProofRanges(m, n);
          expect(hexes(proofFromStore(store, ranges, n)), `consistency ${m} → ${n}`).to.deep.equal(
            hexes(consistencyProof(m, d)),
          );
        }
      }
    });

    it('when a leaf is appended before its left sibling is stored, then the append refuses', () => {
      expect(() => nodesCompletedByAppend(3, leaves[3], () => undefined)).to.throw(/missing tree node 0:2/);
      expect(nodesCompletedByAppend(4, leaves[4], () => undefined)).to.deep.equal([
        { id: { level: 0, index: 4 }, hash: leaves[4] },
      ]);
      const completed = nodesCompletedByAppend(7, leaves[7], (id) => store.get(nodeKey(id)));
      expect(completed.map((c) => nodeKey(c.id))).to.deep.equal(['0:7', '1:3', '2:1', '3:0']);
    });

    it('when a proof is asked for sizes outside the tree, then the range functions refuse', () => {
      expect(() => inclusionProofRanges(3, 3)).to.throw(RangeError);
      expect(() => inclusionProofRanges(-1, 3)).to.throw(RangeError);
      expect(() => consistencyProofRanges(0, 3)).to.throw(RangeError);
      expect(() => consistencyProofRanges(4, 3)).to.throw(RangeError);
      expect(() => consistencyProofRanges(1.5, 3)).to.throw(RangeError);
      expect(consistencyProofRanges(5, 5)).to.deep.equal([]);
      expect(inclusionProofRanges(0, 1)).to.deep.equal([]);
    });
  });

  describe('malformed input to the verifiers', () => {
    it('when hashes are not 32 bytes or numbers are not indices, then the verifiers answer false without throwing', () => {
      const root = rootOf(5);
      const proof = inclusionProof(1, leaves.slice(0, 5));
      const short = (h: Hash): Hash => h.slice(0, 31);
      expect(verifyInclusion(1, 5, short(leaves[1]), proof, root)).to.equal(false);
      expect(verifyInclusion(1, 5, leaves[1], proof, short(root))).to.equal(false);
      expect(verifyInclusion(1, 5, leaves[1], [short(proof[0]), ...proof.slice(1)], root)).to.equal(false);
      for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 64]) {
        expect(verifyInclusion(bad, 5, leaves[1], proof, root), `index ${bad}`).to.equal(false);
        expect(verifyInclusion(1, bad, leaves[1], proof, root), `size ${bad}`).to.equal(false);
        expect(verifyConsistency(bad, 5, rootOf(2), root, proof), `first ${bad}`).to.equal(false);
      }
      expect(verifyInclusion(0, 0, leaves[0], [], EMPTY_ROOT)).to.equal(false);
      const cproof = consistencyProof(2, leaves.slice(0, 5));
      expect(verifyConsistency(2, 5, short(rootOf(2)), root, cproof)).to.equal(false);
      expect(verifyConsistency(2, 5, rootOf(2), root, [...cproof.slice(0, -1), short(cproof.at(-1)!)])).to.equal(false);
      expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).to.equal(false);
    });
  });

  describe('published transparency-dev vectors', () => {
    const inclusion = inclusionVectors();
    const consistency = consistencyVectors();

    it('when the vector folders are read, then all 196 files are there', () => {
      expect(inclusion.length + consistency.length).to.equal(196);
    });

    for (const v of inclusion) {
      it(`when ${v.name} (${v.desc}) is verified, then it is ${v.wantErr ? 'refused' : 'accepted'}`, () => {
        expect(verifyInclusion(v.leafIdx, v.treeSize, v.leafHash, v.proof, v.root)).to.equal(!v.wantErr);
      });
    }

    for (const v of consistency) {
      it(`when ${v.name} (${v.desc}) is verified, then it is ${v.wantErr ? 'refused' : 'accepted'}`, () => {
        expect(verifyConsistency(v.size1, v.size2, v.root1, v.root2, v.proof)).to.equal(!v.wantErr);
      });
    }
  });
});
