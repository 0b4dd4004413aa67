// The in-browser verifier is the CLI's code with the browser's crypto: the page's bundle is built from the
// shared ledger modules, and the same modules bundled the same way (the "browser" condition, so
// @noble/hashes and @noble/ed25519 instead of node:crypto) are run here in Node against the RFC 9162
// vectors, signed notes made by the server's signer, and a ledger served over HTTP, honest or not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { leafHash as nodeLeafHash } from '../../server/ledger/merkle.ts';
import { generateNoteKey, noteKeyFromSeed, signNote } from '../../server/ledger/note-signing.ts';
import { checkpointBody, keyId as nodeKeyId, verifierKey } from '../../server/ledger/signed-note.ts';
import type { Api } from '../../server/ledger/verifier-api.ts';
import type { Step } from '../../server/ledger/verifier-steps.ts';
import { bundleForBrowser, type BuiltBundle } from '../../server/site/verifier-bundle.ts';
import type * as VerifierBundle from '../support/verifier-bundle-entry.ts';
import { aLedger, serveLedger, type LedgerServer } from '../support/ledger-fixture.ts';
import { GO, flipSignatureBit } from '../support/note-examples.ts';
import { consistencyVectors, inclusionVectors } from '../support/rfc9162-vectors.ts';

type Bundle = typeof VerifierBundle;

const ENTRY = fileURLToPath(new URL('../support/verifier-bundle-entry.ts', import.meta.url));
/** An Ed25519 seed whose vkey has a '+' inside its base64 (as in test/site/browser.test.ts). */
const PLUS_IN_VKEY_SEED = Buffer.from('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAM=', 'base64');
const CRYPTO_BROWSER = 'server/ledger/crypto.browser.ts';
const CRYPTO_NODE = 'server/ledger/crypto.node.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('in-browser verifier (the bundle, run in Node)', () => {
  let dir: string;
  let built: BuiltBundle;
  let bundle: Bundle;

  before(async () => {
    // Written out with its source map, so that a failure's stack points into the TypeScript.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-verifier-bundle-'));
    const file = path.join(dir, 'verifier.js');
    built = await bundleForBrowser(ENTRY, file);
    fs.writeFileSync(file, built.code);
    fs.writeFileSync(`${file}.map`, built.map);
    bundle = await import(pathToFileURL(file).href);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('what the bundles are made of', () => {
    it("when the page's verifier is bundled, then it is the shared ledger modules with the browser's crypto, importing nothing", async () => {
      const page = await bundleForBrowser();
      for (const shared of [
        'server/ledger/merkle.ts',
        'server/ledger/signed-note.ts',
        'server/ledger/bytes.ts',
        'server/ledger/verifier-api.ts',
        'server/ledger/verifier-entries.ts',
        'server/ledger/verifier-audit.ts',
        'server/ledger/verifier-checkpoint.ts',
        'server/ledger/verifier-steps.ts',
        CRYPTO_BROWSER,
      ])
        expect(page.inputs).to.include(shared);
      expect(page.inputs.some((input) => input.includes('node_modules/@noble/ed25519/'))).to.equal(true);
      expect(page.inputs).not.to.include(CRYPTO_NODE);
      expect(page.inputs.filter((input) => input.startsWith('server/ledger/note-signing'))).to.deep.equal([]);
      expect(page.imports).to.deep.equal([]);
      expect(page.code).not.to.match(/node:crypto|\brequire\(/);
    });

    it('when the test bundle is built, then it is bundled the same way', () => {
      expect(built.inputs).to.include(CRYPTO_BROWSER).and.not.include(CRYPTO_NODE);
      expect(built.imports).to.deep.equal([]);
    });
  });

  describe('RFC 9162 proofs (the published transparency-dev vectors)', () => {
    it('when the bundle hashes a leaf, then it is the SHA-256 node:crypto computes', () => {
      for (const text of ['', 'a', '{"v":1,"seq":0,"data":{"title":"Thí điểm"}}', 'x'.repeat(100_000)]) {
        const bytes = new TextEncoder().encode(text);
        expect(hex(bundle.leafHash(bytes))).to.equal(hex(nodeLeafHash(bytes)));
      }
    });

    for (const v of inclusionVectors()) {
      it(`when inclusion ${v.name} (${v.desc}) is verified, then it is ${v.wantErr ? 'refused' : 'accepted'}`, () => {
        expect(bundle.verifyInclusion(v.leafIdx, v.treeSize, v.leafHash, v.proof, v.root)).to.equal(!v.wantErr);
      });
    }

    for (const v of consistencyVectors()) {
      it(`when consistency ${v.name} (${v.desc}) is verified, then it is ${v.wantErr ? 'refused' : 'accepted'}`, () => {
        expect(bundle.verifyConsistency(v.size1, v.size2, v.root1, v.root2, v.proof)).to.equal(!v.wantErr);
      });
    }
  });

  describe('C2SP verifier keys and signed notes', () => {
    it("when a vkey's base64 holds a '+', then the bundle parses it whole", () => {
      const key = noteKeyFromSeed('localhost/sandbox-registry', PLUS_IN_VKEY_SEED);
      const vkey = verifierKey(key.name, key.publicKey);
      expect(vkey.split('+').length).to.be.greaterThan(3);
      const parsed = bundle.parseVerifierKey(vkey);
      expect(parsed.name).to.equal(key.name);
      expect(hex(parsed.publicKey)).to.equal(hex(key.publicKey));
      expect(hex(parsed.keyId)).to.equal(hex(nodeKeyId(key.name, key.publicKey)));
      expect(bundle.verifierKey(key.name, key.publicKey)).to.equal(vkey);
    });

    it('when a vkey names another key id, is cut short or carries another algorithm, then the bundle refuses it', () => {
      const key = noteKeyFromSeed('localhost/sandbox-registry', PLUS_IN_VKEY_SEED);
      const vkey = verifierKey(key.name, key.publicKey);
      const [name, id] = vkey.split('+');
      const data = vkey.slice(name.length + id.length + 2);
      expect(() => bundle.parseVerifierKey(`${name}+00000000+${data}`)).to.throw(/key id does not match/);
      expect(() => bundle.parseVerifierKey(`${name}+${id}+${data.slice(0, -4)}`)).to.throw(/malformed verifier key/);
      const other = Buffer.from(data, 'base64');
      other[0] = 0x02;
      expect(() => bundle.parseVerifierKey(`${name}+${id}+${other.toString('base64')}`)).to.throw(/unknown algorithm/);
    });

    it("when Go's documented note is opened by the bundle, then its text comes back", () => {
      expect(bundle.openNote(GO.signed, GO.vkey)).to.deep.equal({ body: GO.text });
    });

    it("when the server's signer signs a checkpoint, then the bundle's Ed25519 accepts it, and refuses it with one bit flipped", () => {
      const key = noteKeyFromSeed('localhost/sandbox-registry', PLUS_IN_VKEY_SEED);
      const vkey = verifierKey(key.name, key.publicKey);
      const root = nodeLeafHash(new TextEncoder().encode('a root'));
      const note = signNote(checkpointBody(key.name, 42, root), key);
      const checkpoint = bundle.parseCheckpoint(bundle.openNote(note, vkey).body);
      expect(checkpoint).to.deep.include({ origin: key.name, size: 42 });
      expect(hex(checkpoint.root)).to.equal(hex(root));
      expect(() => bundle.openNote(flipSignatureBit(note), vkey)).to.throw(/invalid signature/);
      const stranger = generateNoteKey(key.name).key;
      expect(() => bundle.openNote(note, verifierKey(stranger.name, stranger.publicKey))).to.throw(
        /no signature by key/,
      );
    });
  });

  describe("the pages' checks against a ledger served over HTTP", () => {
    let server: LedgerServer;
    let api: Api;
    let passed: [Step, string][];
    const report = (step: Step, detail: string) => passed.push([step, detail]);

    beforeEach(async () => {
      server = await serveLedger(aLedger(40));
      api = { fetch: (url, init) => fetch(url, init), base: bundle.ledgerBase(server.url), timeoutMs: 10_000 };
      passed = [];
    });
    afterEach(() => server.close());

    /** The step a check failed at, and its message. */
    async function failure(check: Promise<unknown>): Promise<{ step: Step; message: string }> {
      try {
        await check;
      } catch (error) {
        if (error instanceof bundle.StepFailure) return { step: error.step, message: error.message };
        throw error;
      }
      throw new Error('the check passed');
    }

    it('when an entry of an honest log is verified, then its leaf, proof, key id and signature pass in that order', async () => {
      expect(await bundle.verifyEntry(api, 17, report)).to.equal('ok');
      expect(passed.map(([step]) => step)).to.deep.equal(['leaf', 'proof', 'keyid', 'signature']);
      expect(passed[0][1]).to.equal(server.log.entries[17].leafHash);
      expect(passed[2][1]).to.equal(hex(nodeKeyId(server.log.key.name, server.log.key.publicKey)));
    });

    it('when the whole honest log is verified, then the tree, key id and signature pass', async () => {
      expect(await bundle.verifyLog(api, report)).to.equal('ok');
      expect(passed.map(([step]) => step)).to.deep.equal(['tree', 'keyid', 'signature']);
      expect(passed[0][1]).to.equal(`40 → ${Buffer.from(server.log.root()).toString('base64')}`);
    });

    it('when an entry is newer than the checkpoint, then only its leaf is checked and it is pending', async () => {
      server.log.append(1);
      expect(await bundle.verifyEntry(api, 40, report)).to.equal('pending');
      expect(passed.map(([step]) => step)).to.deep.equal(['leaf']);
    });

    it('when an entry was rewritten, then the entry fails at its leaf and the log names the entry', async () => {
      const entry = server.log.entries[5];
      server.log.entries[5] = { ...entry, canonical: entry.canonical.replace('"v":1', '"v":1 ') };
      expect(await failure(bundle.verifyEntry(api, 5, report))).to.deep.include({ step: 'leaf' });
      const whole = await failure(bundle.verifyLog(api, report));
      expect(whole.step).to.equal('tree');
      expect(whole.message).to.include('entry 5');
    });

    it('when the log serves a proof that does not lead to the root, then the entry fails at the proof', async () => {
      server.log.rewrite = (p, body) =>
        p === 'proof/inclusion' && Array.isArray(body.proof) ? { ...body, proof: [...body.proof].reverse() } : body;
      const { step, message } = await failure(bundle.verifyEntry(api, 6, report));
      expect(step).to.equal('proof');
      expect(message).to.include('inclusion proof for entry 6');
    });

    it('when the checkpoint is signed by another key, then the key id step fails', async () => {
      const stranger = generateNoteKey(server.log.origin).key;
      server.log.checkpoint = signNote(checkpointBody(server.log.origin, 40, server.log.root()), stranger);
      const { step, message } = await failure(bundle.verifyLog(api, report));
      expect(step).to.equal('keyid');
      expect(message).to.include('no signature by key');
    });

    it("when the checkpoint's signature was altered, then the signature step fails", async () => {
      server.log.checkpoint = flipSignatureBit(server.log.checkpoint);
      const { step, message } = await failure(bundle.verifyEntry(api, 3, report));
      expect(step).to.equal('signature');
      expect(message).to.include('invalid signature');
      expect(passed.map(([s]) => s)).to.deep.equal(['leaf', 'proof', 'keyid']);
    });
  });
});
