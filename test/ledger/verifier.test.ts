// An outsider verifies the ledger with `npm run verify -- <url> --state <file>`, through the public API
// alone: a fixture server speaks the wire contract of DESIGN §3, honestly or not, and the real CLI runs
// as a child process, judged by its exit code, its output and the state file it leaves.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import canonicalize from 'canonicalize';
import { EMPTY_ROOT, leafHash, rootFromLeaves } from '../../server/ledger/merkle.ts';
import { generateNoteKey } from '../../server/ledger/note-signing.ts';
import { parseVerifierState, verifyLedger } from '../../server/ledger/verifier.ts';
import { aLedger, entryAt, servedEntry, serveLedger, type LedgerServer } from '../support/ledger-fixture.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function verify(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectFailure(run: Run, ...mentions: string[]): void {
  expect(run.code, run.stderr).to.equal(1);
  // Progress lines come first when the run is slow enough to report progress (a busy machine): skip them.
  const first = run.stderr.split('\n').find((line) => !/^verified \d+\/\d+ \w+…$/.test(line)) ?? '';
  expect(first).to.match(/^FAIL: /);
  for (const text of mentions) expect(first).to.include(text);
}

describe('ledger verifier (npm run verify)', function () {
  // Each test runs the CLI as a child process over thousands of entries: on a loaded 2-core machine one
  // took over a minute. Correctness is what is tested here; speed is the benchmarks'.
  this.timeout(600_000);
  let dir: string;
  let stateFile: string;
  let server: LedgerServer | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-verify-'));
    stateFile = path.join(dir, 'ledger-state.json');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const savedState = () => parseVerifierState(fs.readFileSync(stateFile, 'utf8'));

  describe('an honest log', () => {
    it('when a log of 2,500 entries is verified, then it exits 0, prints the summary and saves the checkpoint as state', async () => {
      const log = aLedger(2500);
      server = await serveLedger(log);
      const run = await verify(`${server.url}/`, '--state', stateFile);
      expect(run.code, run.stderr).to.equal(0);
      const root = b64(rootFromLeaves(log.leaves));
      expect(run.stdout).to.equal(
        `OK: ${log.origin} size 2500 root ${root}; audited every stored tree hash with 1251 inclusion and 3 consistency proofs; no previous checkpoint to compare with\n`,
      );
      const state = savedState();
      expect(state).to.include({
        vkey: log.vkey,
        origin: log.origin,
        size: 2500,
        rootHash: root,
        checkpoint: log.checkpoint,
      });
      expect(Date.parse(state.verifiedAt)).to.be.closeTo(Date.now(), 60_000);
      expect(fs.readdirSync(dir)).to.deep.equal(['ledger-state.json']); // no temporary file left behind
    });

    it('when the log has grown since the last run, then the new checkpoint is proven consistent with the saved one', async () => {
      const log = aLedger(2500);
      server = await serveLedger(log);
      expect((await verify(server.url, '--state', stateFile)).code).to.equal(0);
      log.grow(777);
      const run = await verify(server.url, '--state', stateFile);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(
        /^OK: .* size 3277 root .*; consistent with the previous checkpoint \(size 2500\)\n$/,
      );
      expect(savedState()).to.include({ size: 3277, checkpoint: log.checkpoint });
    });

    it('when nothing was appended since the last run, then the same checkpoint verifies again', async () => {
      server = await serveLedger(aLedger(1000));
      expect((await verify(server.url, '--state', stateFile)).code).to.equal(0);
      const run = await verify(server.url, '--state', stateFile);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include('consistent with the previous checkpoint (size 1000)');
    });

    it('when entries were appended after the latest checkpoint, then only the signed ones are checked', async () => {
      const log = aLedger(2500).append(300);
      log.entries[2600].canonical = '{"tampered":true}'; // beyond the checkpoint: not ours to judge yet
      server = await serveLedger(log);
      const run = await verify(server.url, '--state', stateFile);
      expect(run.code, run.stderr).to.equal(0);
      expect(savedState().size).to.equal(2500);
    });

    it('when the log is empty, then it verifies with the root of the empty tree', async () => {
      server = await serveLedger(aLedger(0));
      const run = await verify(server.url, '--state', stateFile);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include(`size 0 root ${b64(EMPTY_ROOT)}`);
      server.log.grow(5);
      const next = await verify(server.url, '--state', stateFile);
      expect(next.code, next.stderr).to.equal(0);
      expect(next.stdout).to.include('consistent with the previous checkpoint (size 0)');
    });

    it('when the log is long, then progress is reported as the entries are verified', async () => {
      server = await serveLedger(aLedger(2500));
      const seen: string[] = [];
      const verified = await verifyLedger({
        baseUrl: server.url,
        fetch: (url, init) => fetch(url, init),
        previous: null,
        pageSize: 300,
        progressEveryEntries: 1000,
        onProgress: (done, total) => seen.push(`${done}/${total}`),
      });
      expect(verified.size).to.equal(2500);
      expect(seen).to.include.members(['1000/2500', '2000/2500']);
      expect(verified.audit.mode).to.equal('full');
      expect(verified.audit.inclusionProofs).to.equal(1251); // every even leaf and the last
    });
  });

  describe('a log that does not match', () => {
    it("when an entry's text was changed but its leaf hash kept, then it fails naming that entry and keeps the old state", async () => {
      const log = aLedger(2500);
      log.entries[1234].canonical = canonicalize({ ...entryAt(1234), data: { amount: 0 } })!;
      server = await serveLedger(log);
      expectFailure(await verify(server.url, '--state', stateFile), 'entry 1234', 'leaf hash');
      expect(fs.existsSync(stateFile)).to.equal(false);
    });

    it("when an entry's leaf hash was changed, then it fails naming that entry", async () => {
      const log = aLedger(2500);
      log.entries[7].leafHash = log.entries[8].leafHash;
      server = await serveLedger(log);
      expectFailure(await verify(server.url), 'entry 7', 'leaf hash');
    });

    it('when an entry is JSON but not RFC 8785 canonical, then it fails naming that entry', async () => {
      const log = aLedger(100);
      const reordered = JSON.stringify(entryAt(42)); // same content, keys out of JCS order
      log.entries[42] = { seq: 42, canonical: reordered, leafHash: b64(leafHash(Buffer.from(reordered, 'utf8'))) };
      server = await serveLedger(log);
      expectFailure(await verify(server.url), 'entry 42', 'JCS');
    });

    it('when an entry claims another seq than its position, then it fails naming that position', async () => {
      const log = aLedger(100);
      log.entries[60] = servedEntry({ ...entryAt(60), seq: 61 }, 60);
      server = await serveLedger(log);
      expectFailure(await verify(server.url), 'entry 60', 'seq 61');
    });

    it('when an entry was replaced with its hash recomputed, then the recomputed root differs from the signed checkpoint', async () => {
      const log = aLedger(2500);
      log.entries[999] = servedEntry({ ...entryAt(999), data: { amount: 1 } }, 999);
      server = await serveLedger(log);
      expectFailure(await verify(server.url), 'recomputed root', 'differs from the signed checkpoint');
    });

    it('when the log serves fewer entries than its checkpoint says, then it fails naming the first missing entry', async () => {
      const log = aLedger(2500);
      log.entries.length = 2400;
      server = await serveLedger(log);
      expectFailure(await verify(server.url), 'entry 2400', 'missing');
    });

    it("when the checkpoint's signature is broken, then it fails on the checkpoint", async () => {
      const log = aLedger(2500);
      const at = log.checkpoint.lastIndexOf(' ') + 1;
      const signature = Buffer.from(log.checkpoint.slice(at, -1), 'base64');
      signature[10] ^= 0x01;
      log.checkpoint = `${log.checkpoint.slice(0, at)}${signature.toString('base64')}\n`;
      server = await serveLedger(log);
      expectFailure(await verify(server.url), 'checkpoint', 'invalid signature');
    });

    it('when an inclusion proof does not lead to the root, then it fails naming the proof', async () => {
      const log = aLedger(2500);
      log.rewrite = (route, body) =>
        route === 'proof/inclusion' && body.index === 0
          ? { ...body, proof: [...(body.proof as string[])].reverse() }
          : body;
      server = await serveLedger(log);
      expectFailure(await verify(server.url), 'inclusion proof for entry 0 (size 2500)');
    });
  });

  describe('a log that changed since the last run', () => {
    it('when history was rewritten and re-signed, then the consistency check against the saved checkpoint fails', async () => {
      const honest = aLedger(2500);
      server = await serveLedger(honest);
      expect((await verify(server.url, '--state', stateFile)).code).to.equal(0);
      const before = fs.readFileSync(stateFile, 'utf8');
      server.log = aLedger(3000, { key: honest.key, story: 'b' });
      expectFailure(
        await verify(server.url, '--state', stateFile),
        'consistency proof 2500 → 3000',
        'history was rewritten',
      );
      expect(fs.readFileSync(stateFile, 'utf8')).to.equal(before);
    });

    it('when a rewritten log serves the old root with its proof, then the proof itself fails', async () => {
      const honest = aLedger(2500);
      server = await serveLedger(honest);
      expect((await verify(server.url, '--state', stateFile)).code).to.equal(0);
      const forged = aLedger(3000, { key: honest.key, story: 'b' });
      forged.rewrite = (route, body) =>
        route === 'proof/consistency' ? { ...body, firstRoot: b64(rootFromLeaves(honest.leaves)) } : body;
      server.log = forged;
      expectFailure(await verify(server.url, '--state', stateFile), 'consistency proof 2500 → 3000', 'prefix');
    });

    it('when the log has the same size but another root, then it fails', async () => {
      const honest = aLedger(2500);
      server = await serveLedger(honest);
      expect((await verify(server.url, '--state', stateFile)).code).to.equal(0);
      server.log = aLedger(2500, { key: honest.key, story: 'b' });
      expectFailure(await verify(server.url, '--state', stateFile), 'size 2500 as before', 'rewritten');
    });

    it('when the log shrank, then it fails', async () => {
      const honest = aLedger(2500);
      server = await serveLedger(honest);
      expect((await verify(server.url, '--state', stateFile)).code).to.equal(0);
      server.log = aLedger(2000, { key: honest.key });
      expectFailure(await verify(server.url, '--state', stateFile), 'shrank from size 2500', 'to 2000');
    });

    it("when the log's key changed, then it fails on the key", async () => {
      server = await serveLedger(aLedger(100));
      expect((await verify(server.url, '--state', stateFile)).code).to.equal(0);
      server.log = aLedger(100, { key: generateNoteKey('registry.example/ledger').key });
      expectFailure(await verify(server.url, '--state', stateFile), "key: the log's key changed");
    });
  });

  describe('when it cannot verify', () => {
    it('when the URL is unreachable, then it exits 2 saying so', async () => {
      const closed = await serveLedger(aLedger(0));
      await closed.close();
      const run = await verify(closed.url, '--state', stateFile);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.match(
        /^ERROR: cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/ledger\/key: .*ECONNREFUSED/,
      );
      expect(fs.existsSync(stateFile)).to.equal(false);
    });

    it('when the API answers an error status, then it exits 2 naming it', async () => {
      server = await serveLedger(aLedger(10));
      const run = await verify(`${server.url}/not-the-registry/`);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.match(
        /^ERROR: GET http:\/\/127\.0\.0\.1:\d+\/not-the-registry\/api\/v1\/ledger\/key answered 404/,
      );
    });

    it('when the state file is not a state file, then it exits 2 and leaves it alone', async () => {
      server = await serveLedger(aLedger(10));
      fs.writeFileSync(stateFile, '{"size": 3}');
      const run = await verify(server.url, '--state', stateFile);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.match(/^ERROR: .*ledger-state\.json: the state file is malformed/);
      expect(fs.readFileSync(stateFile, 'utf8')).to.equal('{"size": 3}');
    });

    it('when no base URL is given, then it exits 2 with the usage', async () => {
      const run = await verify('--state', stateFile);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.include('Usage: npm run verify -- <base-url> [--state <file>]');
    });
  });
});
