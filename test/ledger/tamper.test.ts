// Someone with write access to the database edits the ledger behind the app's back. The public verifier,
// which knows only the public API, must notice and name what changed — and a history rewritten after
// a verifier saved a checkpoint must fail the consistency check even when it is re-signed with our key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import canonicalize from 'canonicalize';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, type Actor } from '../support/actors.ts';
import { expectVerifies, registerAgencies, runVerifier } from '../support/ledger.ts';
import { entryId } from '../../server/ledger/entry-store.ts';
import { encodeEntry, type Entry } from '../../server/ledger/entry.ts';

const SIZE = 40;

describe('a ledger edited directly in the database', function () {
  let app: TestApp;
  let admin: Actor;
  let dir: string;
  let state: string;

  const stored = async (seq: number) => (await app.ctx.models.LedgerEntry.findById(entryId(seq)).lean())!;
  const setEntry = (seq: number, fields: Record<string, unknown>) =>
    app.ctx.models.LedgerEntry.updateOne({ _id: entryId(seq) }, { $set: fields });

  async function expectVerifierFails(...mentions: string[]) {
    const run = await runVerifier(app.url, ['--state', state]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(1);
    for (const m of mentions) expect(run.stderr).to.include(m);
    return run;
  }

  before(async () => {
    app = await startApp();
    admin = await asAdmin(app);
    await registerAgencies(
      app,
      admin,
      Array.from({ length: SIZE }, (_, i) => `T${i}`),
      4,
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-tamper-'));
    state = path.join(dir, 'state.json');
    await expectVerifies(app.url, ['--state', state]);
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("when one entry's text is changed, then the verifier fails naming that entry", async () => {
    const original = await stored(17);
    const entry = JSON.parse(original.canonical) as Entry;
    await setEntry(17, { canonical: canonicalize({ ...entry, data: { ...entry.data, name: 'Someone else' } })! });
    await expectVerifierFails('entry 17');
    await setEntry(17, { canonical: original.canonical });
    await expectVerifies(app.url, ['--state', state]);
  });

  it('when one stored subtree hash is changed, then the verifier fails naming the proof that uses it', async () => {
    const { LedgerEdge } = app.ctx.models;
    // The partial level-0 tile of the right edge holds the leaf hashes; entry 5's is bytes [160, 192).
    const original = (await LedgerEdge.findById('hashes').lean())!;
    const forged = Buffer.from(original.data!.buffer);
    forged.fill(7, 5 * 32, 6 * 32);
    await LedgerEdge.updateOne({ _id: 'hashes' }, { $set: { data: forged } });
    await expectVerifierFails('inclusion proof for entry');
    await LedgerEdge.updateOne({ _id: 'hashes' }, { $set: { data: Buffer.from(original.data!.buffer) } });
    await expectVerifies(app.url, ['--state', state]);
  });

  it('when the last entry is deleted, then the verifier fails naming the missing entry', async () => {
    const last = await stored(SIZE - 1);
    await app.ctx.models.LedgerEntry.deleteOne({ _id: entryId(SIZE - 1) });
    await expectVerifierFails(`entry ${SIZE - 1}`);
    await app.ctx.models.LedgerEntry.create(last);
    await expectVerifies(app.url, ['--state', state]);
  });

  it('when history is rewritten and the tree and checkpoints are thrown away, then the signer refuses to sign it and writes are refused', async () => {
    const { LedgerEntry, LedgerTile, LedgerBundle, LedgerEdge, LedgerCheckpoint, LedgerState } = app.ctx.models;
    // The operator changes entry 5, recomputes its leaf hash, throws away the tree and every checkpoint,
    // and lets the app rebuild: every hash would be self-consistent, only history differs. The signer
    // remembers (outside the database) the root it signed at size 40, and the rebuilt tree does not match it.
    const entry = JSON.parse((await stored(5)).canonical) as Entry;
    const forged = encodeEntry({ ...entry, data: { ...entry.data, name: 'Rewritten' } });
    await LedgerEntry.updateOne(
      { _id: entryId(5) },
      { $set: { canonical: forged.canonical, leafHash: forged.leafHash } },
    );
    await LedgerTile.deleteMany({});
    await LedgerBundle.deleteMany({});
    await LedgerEdge.deleteMany({});
    await LedgerCheckpoint.deleteMany({});
    await LedgerState.deleteMany({});
    expect(await registerAgencies(app, admin, ['AFTER'], 1)).to.deep.equal([503]);
    await app.ctx.ledger.reconcile(); // finishes projections, signs nothing

    const ready = await app.http.get('/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body.status).to.equal('degraded');
    expect(ready.body.ledger.reason).to.include('history was rewritten');
    expect((await app.http.get('/api/v1/ledger/entries/5')).status, 'reads are still served').to.equal(200);
    const refused = await app.http
      .post('/api/v1/admin/agencies')
      .set(admin.auth)
      .send({ code: 'LATER', name: 'Later' });
    expect(refused.status).to.equal(503);
    expect(refused.headers['content-type']).to.match(/^application\/problem\+json/);
    const run = await runVerifier(app.url, ['--state', state]);
    expect(run.code, 'no checkpoint of the rewritten history can be verified').to.not.equal(0);
  });
});
