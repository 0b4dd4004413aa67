// A stand-in for the registry's public ledger API (DESIGN §3, "Public ledger API"), built from the pure
// ledger modules exactly per the wire contract, so the verifier is tested against the contract itself
// rather than against our own server. Tests then make the log dishonest in the ways a real one could be.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import canonicalize from 'canonicalize';
import {
  consistencyProofRanges,
  inclusionProofRanges,
  leafHash,
  nodeKey,
  nodesCompletedByAppend,
  rangeHash,
  type Hash,
  type LeafRange,
  type NodeId,
} from '../../server/ledger/merkle.ts';
import { generateNoteKey, signNote, type NoteKey } from '../../server/ledger/note-signing.ts';
import { checkpointBody, verifierKey } from '../../server/ledger/signed-note.ts';

export interface ServedEntry {
  seq: number;
  canonical: string;
  leafHash: string;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** An entry as the registry writes them; `story` varies the content, so two logs can share a key but not a history. */
export function entryAt(seq: number, story = 'a'): Record<string, unknown> {
  // Keys deliberately out of order and non-ASCII text: canonicalization has work to do.
  return {
    type: seq % 3 === 0 ? 'pilot.applied' : 'report.filed',
    v: 1,
    seq,
    at: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
    subject: { pilot: `pilot-${story}-${seq % 97}` },
    actor: { role: 'regulator', agency: 'SBV' },
    data: { title: 'Thí điểm thanh toán số', amount: seq * 1.5, tags: ['fintech', story], '€': seq % 2 === 0 },
    commitment: seq % 2 === 0 ? null : createHash('sha256').update(`${story}:${seq}`).digest('hex'),
  };
}

export function servedEntry(entry: Record<string, unknown>, seq: number): ServedEntry {
  const canonical = canonicalize(entry)!;
  return { seq, canonical, leafHash: b64(leafHash(Buffer.from(canonical, 'utf8'))) };
}

export class FixtureLog {
  /** What the entries endpoints serve; tests may tamper with it. */
  readonly entries: ServedEntry[] = [];
  /** The leaf hashes the log's tree (and so its proofs) is built on. */
  readonly leaves: Hash[] = [];
  /** The latest signed note, and every one kept by size. */
  checkpoint = '';
  readonly kept = new Map<number, string>();
  /** Perfect subtree hashes, kept as leaves are appended, so proofs cost O(log n) like the real log's. */
  private readonly nodes = new Map<string, Hash>();
  /** Lets a test make the log lie in a JSON answer: (path, honest body) → body served. */
  rewrite: (path: string, body: Record<string, unknown>) => Record<string, unknown> = (_path, body) => body;

  constructor(
    readonly key: NoteKey,
    readonly origin: string,
    readonly story = 'a',
  ) {}

  get vkey(): string {
    return verifierKey(this.key.name, this.key.publicKey);
  }

  /** Appends entries without signing a new checkpoint (the log has grown past its latest checkpoint). */
  append(count: number): this {
    for (let i = 0; i < count; i += 1) {
      const seq = this.entries.length;
      const served = servedEntry(entryAt(seq, this.story), seq);
      this.entries.push(served);
      const leaf = leafHash(Buffer.from(served.canonical, 'utf8'));
      for (const n of nodesCompletedByAppend(seq, leaf, (id) => this.nodes.get(nodeKey(id))))
        this.nodes.set(nodeKey(n.id), n.hash);
      this.leaves.push(leaf);
    }
    return this;
  }

  /** MTH of leaves [start, end). */
  hash(range: LeafRange): Hash {
    return rangeHash(range, (id: NodeId) => this.nodes.get(nodeKey(id)));
  }

  root(size = this.leaves.length): Hash {
    return this.hash({ start: 0, end: size });
  }

  sign(): this {
    this.checkpoint = signNote(checkpointBody(this.origin, this.leaves.length, this.root()), this.key);
    this.kept.set(this.leaves.length, this.checkpoint);
    return this;
  }

  grow(count: number): this {
    return this.append(count).sign();
  }
}

export const ORIGIN = 'registry.example/ledger';

/** A signed log of `count` entries; pass the key of another log to share it. */
export function aLedger(count: number, options: { key?: NoteKey; story?: string } = {}): FixtureLog {
  const key = options.key ?? generateNoteKey(ORIGIN).key;
  return new FixtureLog(key, ORIGIN, options.story).grow(count);
}

export interface LedgerServer {
  url: string;
  log: FixtureLog;
  close(): Promise<void>;
}

class BadRequest extends Error {}

function number(query: URLSearchParams, name: string): number {
  const text = query.get(name);
  if (text === null || !/^(?:0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new BadRequest(`${name} must be a non-negative integer`);
  }
  return Number(text);
}

function answer(log: FixtureLog, path: string, query: URLSearchParams): { status: number; type: string; body: string } {
  const json = (body: Record<string, unknown>) => ({
    status: 200,
    type: 'application/json',
    body: JSON.stringify(log.rewrite(path, body)),
  });
  const size = log.leaves.length;
  const entryMatch = /^entries\/(\d+)$/.exec(path);
  switch (path) {
    case 'key':
      return json({ algorithm: 'Ed25519', vkey: log.vkey, publicKey: b64(log.key.publicKey) });
    case 'checkpoint':
      return { status: 200, type: 'text/plain; charset=utf-8', body: log.checkpoint };
    case 'checkpoints': {
      const note = log.kept.get(number(query, 'size'));
      return note === undefined ? notFound() : { status: 200, type: 'text/plain; charset=utf-8', body: note };
    }
    case 'entries': {
      const start = number(query, 'start');
      const limit = number(query, 'limit');
      if (limit < 1 || limit > 1000) throw new BadRequest('limit must be 1 to 1000');
      if (start > size) throw new BadRequest('start is beyond the tree');
      const next = start + limit < log.entries.length ? start + limit : null;
      return json({ entries: log.entries.slice(start, start + limit), next });
    }
    case 'proof/inclusion': {
      const index = number(query, 'index');
      const treeSize = number(query, 'size');
      if (treeSize > size || index >= treeSize) throw new BadRequest('no such proof');
      return json({
        index,
        size: treeSize,
        leafHash: b64(log.leaves[index]),
        rootHash: b64(log.root(treeSize)),
        proof: inclusionProofRanges(index, treeSize).map((r) => b64(log.hash(r))),
      });
    }
    case 'proof/consistency': {
      const first = number(query, 'first');
      const second = number(query, 'second');
      if (second > size || first > second || first === 0) throw new BadRequest('no such proof');
      return json({
        first,
        second,
        firstRoot: b64(log.root(first)),
        secondRoot: b64(log.root(second)),
        proof: consistencyProofRanges(first, second).map((r) => b64(log.hash(r))),
      });
    }
    default: {
      const served = entryMatch === null ? undefined : log.entries[Number(entryMatch[1])];
      return served === undefined ? notFound() : json({ ...served, entry: JSON.parse(served.canonical) });
    }
  }
}

function notFound() {
  return {
    status: 404,
    type: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }),
  };
}

export async function serveLedger(log: FixtureLog): Promise<LedgerServer> {
  const PREFIX = '/api/v1/ledger/';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    let reply: { status: number; type: string; body: string };
    if (req.method !== 'GET' || !url.pathname.startsWith(PREFIX)) {
      reply = notFound();
    } else {
      try {
        reply = answer(handle.log, url.pathname.slice(PREFIX.length), url.searchParams);
      } catch (error) {
        if (!(error instanceof BadRequest)) throw error;
        reply = {
          status: 400,
          type: 'application/problem+json',
          body: JSON.stringify({ title: 'Bad Request', status: 400, detail: error.message }),
        };
      }
    }
    res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: LedgerServer = {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return handle;
}
