// The ledger as its users meet it: every admin decision lands in one append-only log; concurrent writers
// (two app instances on one database) never fork it; anyone can fetch entries, proofs and checkpoints
// through the public API, and the verifier accepts it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import canonicalize from 'canonicalize';
import { leafHash, verifyConsistency, verifyInclusion } from '../../server/ledger/merkle.ts';
import { openNote, parseCheckpoint, parseVerifierKey } from '../../server/ledger/signed-note.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, expectProblem, type Actor } from '../support/actors.ts';
import { expectVerifies, registerAgencies } from '../support/ledger.ts';

const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('the ledger', function () {
  let app: TestApp;
  let twin: TestApp;
  let admin: Actor;
  let stateDir: string;

  before(async () => {
    app = await startApp();
    twin = await startApp({ dbName: app.dbName }); // a second instance on the same database
    admin = await asAdmin(app);
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-verify-'));
  });
  after(async () => {
    await twin.close().catch(() => {});
    await app.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('when nothing has happened yet, then the key is published and the checkpoint signs the empty tree', async () => {
    const key = await app.http.get('/api/v1/ledger/key');
    expect(key.status).to.equal(200);
    expect(key.body.algorithm).to.equal('Ed25519');
    const vkey = parseVerifierKey(key.body.vkey);
    expect(Buffer.from(vkey.publicKey).toString('base64')).to.equal(key.body.publicKey);

    const cp = await app.http.get('/api/v1/ledger/checkpoint');
    expect(cp.status).to.equal(200);
    expect(cp.headers['content-type']).to.match(/^text\/plain/);
    const body = parseCheckpoint(openNote(cp.text, key.body.vkey).body);
    expect(body.size).to.equal(0);
    expect(Buffer.from(body.root).toString('hex')).to.equal(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect((await app.http.get('/api/v1/ledger/entries')).body).to.deep.equal({ entries: [], next: null });
  });

  it('when admins on two instances register agencies concurrently, then the log has each exactly once, with no gap and no fork', async () => {
    const codes = Array.from({ length: 400 }, (_, i) => `C${String(i).padStart(4, '0')}`);
    const [a, b] = await Promise.all([
      registerAgencies(app, admin, codes.slice(0, 200), 8),
      registerAgencies(twin, { ...admin }, codes.slice(200), 8),
    ]);
    expect([...a, ...b].every((s) => s === 201)).to.equal(true);

    const seen: { seq: number; subject: string }[] = [];
    for (let start: number | null = 0; start !== null;) {
      const page = await app.http.get(`/api/v1/ledger/entries?start=${start}&limit=150`);
      expect(page.status).to.equal(200);
      for (const item of page.body.entries as { seq: number; canonical: string; leafHash: string }[]) {
        const entry = JSON.parse(item.canonical);
        expect(canonicalize(entry)).to.equal(item.canonical);
        expect(Buffer.from(leafHash(Buffer.from(item.canonical))).toString('base64')).to.equal(item.leafHash);
        expect(entry).to.include({ v: 1, seq: item.seq, type: 'agency.registered' });
        expect(entry.actor).to.deep.equal({ role: 'admin', agency: null });
        seen.push({ seq: item.seq, subject: entry.subject });
      }
      start = page.body.next;
    }
    expect(seen.map((s) => s.seq)).to.deep.equal(Array.from({ length: 400 }, (_, i) => i));
    expect(new Set(seen.map((s) => s.subject)).size).to.equal(400);
    expect((await app.http.get('/api/v1/agencies')).body.items).to.have.length(400);
  });

  it('when the same agency code is registered by many clients at once, then exactly one wins and the rest get 409', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? twin : app).http
          .post('/api/v1/admin/agencies')
          .set(admin.auth)
          .send({ code: 'RACE', name: `Race ${i}` })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(11);
  });

  it('when proofs are asked for, then every inclusion proof and consistency proof verifies against the signed checkpoint', async () => {
    const vkey = (await app.http.get('/api/v1/ledger/key')).body.vkey as string;
    const cp = parseCheckpoint(openNote((await app.http.get('/api/v1/ledger/checkpoint')).text, vkey).body);
    expect(cp.size).to.equal(401);
    for (let index = 0; index < cp.size; index += 7) {
      const res = await app.http.get(`/api/v1/ledger/proof/inclusion?index=${index}&size=${cp.size}`);
      expect(res.status).to.equal(200);
      expect(res.body.rootHash).to.equal(Buffer.from(cp.root).toString('base64'));
      expect(verifyInclusion(index, cp.size, unb64(res.body.leafHash), res.body.proof.map(unb64), cp.root)).to.equal(
        true,
      );
    }
    for (const first of [1, 2, 3, 64, 100, 255, 256, 257, 400, 401]) {
      const kept = await app.http.get(`/api/v1/ledger/checkpoints?size=${first}`);
      const res = await app.http.get(`/api/v1/ledger/proof/consistency?first=${first}&second=${cp.size}`);
      expect(res.status).to.equal(200);
      expect(
        verifyConsistency(
          first,
          cp.size,
          unb64(res.body.firstRoot),
          unb64(res.body.secondRoot),
          res.body.proof.map(unb64),
        ),
      ).to.equal(true);
      if (kept.status === 200) {
        const old = parseCheckpoint(openNote(kept.text, vkey).body);
        expect(Buffer.from(old.root).toString('base64')).to.equal(res.body.firstRoot);
      }
    }
  });

  it('when an entry is fetched by seq, then it comes with its parsed form', async () => {
    const res = await app.http.get('/api/v1/ledger/entries/5');
    expect(res.status).to.equal(200);
    expect(res.body.entry.seq).to.equal(5);
    expect(JSON.parse(res.body.canonical)).to.deep.equal(res.body.entry);
    expectProblem(await app.http.get('/api/v1/ledger/entries/100000'), 404);
  });

  it('when parameters are negative, beyond the tree, reversed or not numbers, then 400 problem+json', async () => {
    for (const url of [
      '/api/v1/ledger/entries?start=-1',
      '/api/v1/ledger/entries?limit=1001',
      '/api/v1/ledger/entries?limit=0',
      '/api/v1/ledger/entries?start=abc',
      '/api/v1/ledger/entries?start=100000',
      '/api/v1/ledger/entries/-3',
      '/api/v1/ledger/entries/1.5',
      '/api/v1/ledger/proof/inclusion?index=0&size=100000',
      '/api/v1/ledger/proof/inclusion?index=5&size=5',
      '/api/v1/ledger/proof/inclusion?index=-1&size=5',
      '/api/v1/ledger/proof/inclusion?index=1e2&size=200',
      '/api/v1/ledger/proof/inclusion?size=5',
      '/api/v1/ledger/proof/consistency?first=10&second=5',
      '/api/v1/ledger/proof/consistency?first=1&second=100000',
      '/api/v1/ledger/proof/consistency?first=x&second=5',
      '/api/v1/ledger/proof/consistency?first=0&second=5',
      '/api/v1/ledger/checkpoints?size=-1',
      '/api/v1/ledger/checkpoints',
    ]) {
      const res = await app.http.get(url);
      expectProblem(res, 400);
    }
    expectProblem(await app.http.get('/api/v1/ledger/checkpoints?size=100000'), 404);
  });

  it('when the public verifier runs, then it accepts the log; after more entries it checks consistency with what it saw', async () => {
    const state = path.join(stateDir, 'state.json');
    await expectVerifies(app.url, ['--state', state]);
    const before = JSON.parse(fs.readFileSync(state, 'utf8'));
    await registerAgencies(twin, admin, ['LATE1', 'LATE2', 'LATE3'], 3);
    const run = await expectVerifies(app.url, ['--state', state]);
    expect(run.stdout).to.match(new RegExp(`consistent with the previous checkpoint \\(size ${before.size}\\)`));
  });
});
