// The published transparency-dev proof vectors (test/fixtures/rfc9162-proofs, from shared/testdata), read
// into typed cases: the ledger's Merkle module and the in-browser verifier's bundle are both judged on them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../fixtures/rfc9162-proofs/', import.meta.url));

export interface InclusionVector {
  name: string;
  desc: string;
  wantErr: boolean;
  leafIdx: number;
  treeSize: number;
  leafHash: Uint8Array;
  proof: Uint8Array[];
  root: Uint8Array;
}

export interface ConsistencyVector {
  name: string;
  desc: string;
  wantErr: boolean;
  size1: number;
  size2: number;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: Uint8Array[];
}

const walk = (d: string): string[] =>
  readdirSync(d)
    .sort()
    .flatMap((name) => {
      const path = join(d, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.json') ? [path] : [];
    });

const b64 = (v: unknown): Uint8Array => {
  if (typeof v !== 'string') throw new TypeError('hash is not a string');
  return Buffer.from(v, 'base64');
};
const b64s = (v: unknown): Uint8Array[] => {
  if (v === null) return []; // Go's JSON for an empty (nil) proof.
  if (!Array.isArray(v)) throw new TypeError('proof is not an array');
  return v.map(b64);
};
const num = (v: unknown): number => {
  if (typeof v !== 'number') throw new TypeError('not a number');
  return v;
};

/** A vector file's fields, its name relative to the vector folder, and the two fields every vector has. */
function read(file: string) {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof json !== 'object' || json === null) throw new TypeError(`${file} is not a JSON object`);
  const fields = new Map<string, unknown>(Object.entries(json));
  const field = (name: string): unknown => {
    if (!fields.has(name)) throw new TypeError(`vector lacks ${name}`);
    return fields.get(name);
  };
  return { field, name: file.slice(dir.length), desc: String(field('desc')), wantErr: field('wantErr') === true };
}

export function inclusionVectors(): InclusionVector[] {
  return walk(join(dir, 'inclusion')).map((file) => {
    const { field, ...v } = read(file);
    return {
      ...v,
      leafIdx: num(field('leafIdx')),
      treeSize: num(field('treeSize')),
      leafHash: b64(field('leafHash')),
      proof: b64s(field('proof')),
      root: b64(field('root')),
    };
  });
}

export function consistencyVectors(): ConsistencyVector[] {
  return walk(join(dir, 'consistency')).map((file) => {
    const { field, ...v } = read(file);
    return {
      ...v,
      size1: num(field('size1')),
      size2: num(field('size2')),
      root1: b64(field('root1')),
      root2: b64(field('root2')),
      proof: b64s(field('proof')),
    };
  });
}
