// Many writers on two app instances append to one log at once: every append lands exactly once, seqs
// have no gap, the tree is one tree (no fork), and every proof verifies against the signed checkpoint.
import { expect } from 'chai';
import { verifyConsistency, verifyInclusion } from '../../server/ledger/merkle.ts';
import { openNote, parseCheckpoint } from '../../server/ledger/signed-note.ts';
import { VersionConflict, type Ledger } from '../../server/ledger/ledger.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { expectVerifies, readLedger } from '../support/ledger.ts';

const WRITERS_PER_INSTANCE = 16;
const ENTRIES = 1000;
const CONTESTED = 50;
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

function note(ledger: Ledger, subject: string, version: number) {
  return ledger.append(
    { type: 'test.note', subject, actor: { role: 'system', agency: null }, data: { n: subject } },
    { expectedVersion: version },
  );
}

describe('the ledger under concurrent appends from two instances', function () {
  this.timeout(300_000);
  let a: TestApp;
  let b: TestApp;

  before(async () => {
    a = await startApp();
    b = await startApp({ dbName: a.dbName });
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  it(`when ${WRITERS_PER_INSTANCE * 2} writers append ${ENTRIES} entries and race on ${CONTESTED} subjects, then each lands once with no gap and no fork`, async () => {
    let next = 0;
    const outcomes = new Map<string, string[]>();
    const writer = (ledger: Ledger) => async () => {
      while (next < ENTRIES) {
        const i = next++;
        // Every fifth append contests a subject that three other writers also try to create.
        const subject = i % 5 === 0 ? `contested:${(i / 5) % CONTESTED}` : `note:${i}`;
        try {
          await note(ledger, subject, 0);
          outcomes.set(subject, [...(outcomes.get(subject) ?? []), 'won']);
        } catch (err) {
          if (!(err instanceof VersionConflict)) throw err;
          outcomes.set(subject, [...(outcomes.get(subject) ?? []), 'lost']);
        }
      }
    };
    await Promise.all([
      ...Array.from({ length: WRITERS_PER_INSTANCE }, writer(a.ctx.ledger)),
      ...Array.from({ length: WRITERS_PER_INSTANCE }, writer(b.ctx.ledger)),
    ]);

    for (const [subject, results] of outcomes) {
      expect(
        results.filter((r) => r === 'won'),
        subject,
      ).to.have.length(1);
      if (subject.startsWith('contested:')) expect(results).to.have.length(ENTRIES / 5 / CONTESTED);
    }
    const entries = await readLedger(a);
    expect(entries.map((e) => e.seq)).to.deep.equal(Array.from({ length: entries.length }, (_, i) => i));
    expect(entries).to.have.length(outcomes.size);
    expect(new Set(entries.map((e) => e.subject)).size).to.equal(entries.length);

    // Both instances answer with the same signed tree, and its proofs hold.
    await Promise.all([a.ctx.ledger.reconcile(), b.ctx.ledger.reconcile()]);
    const vkey = (await a.http.get('/api/v1/ledger/key')).body.vkey as string;
    const cpA = parseCheckpoint(openNote((await a.http.get('/api/v1/ledger/checkpoint')).text, vkey).body);
    const cpB = parseCheckpoint(openNote((await b.http.get('/api/v1/ledger/checkpoint')).text, vkey).body);
    expect(cpA.size).to.equal(entries.length);
    expect(Buffer.from(cpB.root).toString('base64')).to.equal(Buffer.from(cpA.root).toString('base64'));
    for (let index = 0; index < cpA.size; index += 97) {
      const res = await b.http.get(`/api/v1/ledger/proof/inclusion?index=${index}&size=${cpA.size}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(verifyInclusion(index, cpA.size, unb64(res.body.leafHash), res.body.proof.map(unb64), cpA.root)).to.equal(
        true,
      );
    }
    for (const first of [1, 333, 512, cpA.size - 1]) {
      const res = await a.http.get(`/api/v1/ledger/proof/consistency?first=${first}&second=${cpA.size}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(
        verifyConsistency(
          first,
          cpA.size,
          unb64(res.body.firstRoot),
          unb64(res.body.secondRoot),
          res.body.proof.map(unb64),
        ),
      ).to.equal(true);
    }
    await expectVerifies(a.url);
  });
});
