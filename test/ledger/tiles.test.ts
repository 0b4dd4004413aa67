// The ledger's tree as C2SP tlog-tiles: an outside client (Go's golang.org/x/mod/sumdb/tlog, which the
// Go checksum database is built on) reads our tiles and bundles over HTTP and gets the signed root;
// full tiles are immutable, partial ones short-lived; and each entry has a self-contained tlog-proof.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { repoRoot } from '../support/process.ts';
import { runVerifier } from '../support/ledger.ts';
import { mapLimited } from '../../server/ledger/concurrency.ts';
import { fromBase64, utf8Bytes } from '../../server/ledger/bytes.ts';
import { leafHash, rootFromLeaves, verifyInclusion, type Hash } from '../../server/ledger/merkle.ts';
import { bundleEntries, parseTilePath, tileIndexPath, tilePath } from '../../server/ledger/tiles.ts';

const run = promisify(execFile);
const SIZE = 600; // two full level-0 tiles and bundles, a partial one of 88, a partial level-1 tile of 2

/** Builds the Go checker once into .cache/ (Go is already needed for the embedded database). */
async function tlogCheck(): Promise<string> {
  const out = path.join(repoRoot, '.cache', 'tlog-go', 'tlogcheck');
  await run('go', ['build', '-o', out, '.'], {
    cwd: path.join(repoRoot, 'test', 'ledger', 'tlog-go'),
    timeout: 300_000,
  });
  return out;
}

describe('the ledger as C2SP tlog-tiles', function () {
  let app: TestApp;
  const tile = (p: string) => fetch(`${app.url}/api/v1/ledger/tile/${p}`);
  const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

  before(async function () {
    app = await startApp();
    await mapLimited(SIZE, 8, (i) =>
      app.ctx.ledger.append(
        { type: 'test.note', subject: `note:${i}`, actor: { role: 'system', agency: null }, data: { i } },
        { expectedVersion: 0 },
      ),
    );
  });
  after(async () => {
    await app.close();
  });

  it("when Go's tlog package reads the tiles and bundles over HTTP, then they hash to the signed checkpoint's root", async function () {
    this.timeout(300_000);
    const checker = await tlogCheck();
    const { vkey } = app.ctx.ledger.checkpoints.publicKey();
    const { stdout } = await run(checker, [`${app.url}/api/v1/ledger`, vkey], { timeout: 60_000 });
    expect(stdout.trim()).to.equal(`ok ${SIZE}`);
    expect(fs.existsSync(checker)).to.equal(true);
  });

  it('when a full tile is fetched, then it is 256 hashes, immutable, and the bundle beside it hashes to it', async () => {
    const res = await tile('0/001');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/octet-stream');
    expect(res.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    const hashes = await bytes(res);
    expect(hashes.length).to.equal(8192);
    const entries = bundleEntries(await bytes(await tile('entries/001')))!;
    expect(entries).to.have.length(256);
    expect(JSON.parse(new TextDecoder().decode(entries[0])).seq).to.equal(256);
    entries.forEach((e, i) =>
      expect(Buffer.from(leafHash(e))).to.deep.equal(Buffer.from(hashes.subarray(i * 32, i * 32 + 32))),
    );
  });

  it('when partial tiles are fetched, then they are the prefix of the tile, short-lived, and wider ones than the tree are 404', async () => {
    const partial = await tile('0/002.p/88');
    expect(partial.status).to.equal(200);
    expect(partial.headers.get('cache-control')).to.equal('public, max-age=10');
    expect((await bytes(partial)).length).to.equal(88 * 32);
    expect((await bytes(await tile('0/001.p/3'))).length).to.equal(3 * 32);
    const level1 = await bytes(await tile('1/000.p/2'));
    const level0 = await bytes(await tile('0/000'));
    const leaves: Hash[] = Array.from({ length: 256 }, (_, i) => level0.subarray(i * 32, i * 32 + 32));
    expect(Buffer.from(level1.subarray(0, 32))).to.deep.equal(Buffer.from(rootFromLeaves(leaves)));
    expect(bundleEntries(await bytes(await tile('entries/002.p/88')))).to.have.length(88);
    for (const p of ['0/002.p/89', '0/002', '0/003', '2/000.p/1', 'entries/002'])
      expect((await tile(p)).status, p).to.equal(404);
    for (const p of ['0/2', '0/x000/002', '0/002.p/0', '0/002.p/256', '64/000', 'x/000', '0/002.p/088'])
      expect((await tile(p)).status, p).to.equal(404);
  });

  it('when an entry proof is fetched, then it is a C2SP tlog-proof that verifies against its checkpoint', async () => {
    const res = await app.http.get('/api/v1/ledger/entries/300/proof');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    const [head, note] = [res.text.slice(0, res.text.indexOf('\n\n')), res.text.slice(res.text.indexOf('\n\n') + 2)];
    const lines = head.split('\n');
    expect(lines[0]).to.equal('c2sp.org/tlog-proof@v1');
    expect(lines[2]).to.equal('index 300');
    const entry = fromBase64(lines[1].slice('extra '.length))!;
    expect(JSON.parse(new TextDecoder().decode(entry)).seq).to.equal(300);
    const [, size, root] = note.split('\n');
    expect(note).to.equal((await app.http.get('/api/v1/ledger/checkpoint')).text);
    const proof = lines.slice(3).map((l) => fromBase64(l)!);
    expect(verifyInclusion(300, Number(size), leafHash(entry), proof, fromBase64(root)!)).to.equal(true);
    expect(utf8Bytes((await app.http.get('/api/v1/ledger/entries/300')).body.canonical)).to.deep.equal(entry);
    expect((await app.http.get(`/api/v1/ledger/entries/${SIZE}/proof`)).status).to.equal(404);
  });

  it('when the verifier reads the bundles and tiles (--tiles), then it audits every tile and names an entry whose bundle lies', async () => {
    const honest = await runVerifier(app.url, ['--tiles']);
    expect(honest.code, honest.stderr).to.equal(0);
    expect(honest.stdout).to.include('compared every tile (7 requests)');
    const { LedgerEdge } = app.ctx.models;
    const original = (await LedgerEdge.findById('entries').lean())!;
    const forged = Buffer.from(original.data!.buffer);
    forged[forged.indexOf('"i":') + 4] ^= 1; // a digit of the first entry of the partial bundle (seq 512)
    await LedgerEdge.updateOne({ _id: 'entries' }, { $set: { data: forged } });
    const lying = await runVerifier(app.url, ['--tiles']);
    await LedgerEdge.updateOne({ _id: 'entries' }, { $set: { data: Buffer.from(original.data!.buffer) } });
    expect(lying.code, lying.stderr).to.equal(1);
    expect(lying.stderr).to.match(/FAIL: tile 0\/002\.p\/88: the leaf of entry 512/);
  });

  it('when tile indices are written as paths, then they are the spec’s x001/234 encoding, both ways', () => {
    expect(tileIndexPath(1234067)).to.equal('x001/x234/067');
    expect(tileIndexPath(0)).to.equal('000');
    expect(tilePath({ level: 'entries', index: 1234, width: 5 })).to.equal('entries/x001/234.p/5');
    expect(parseTilePath(['3', 'x001', 'x234', '067.p', '255'])).to.deep.equal({
      level: 3,
      index: 1234067,
      width: 255,
    });
  });
});
