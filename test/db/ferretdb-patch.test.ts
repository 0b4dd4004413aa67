// Our FerretDB build patches FerretDB v1.24.2 so that a read by _id uses the _id index (DESIGN.md §4,
// scripts/ferretdb/patches/). These stories run against an embedded FerretDB of their own, built as
// `npm start` builds it, and check the build's guard on a copy of a vendored tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { applyPatch, patchFiles, readPatch } from '../../server/db/ferretdb-build.ts';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database.ts';

/** The SQL plan FerretDB reports for a find, one line per node (SQLite's EXPLAIN QUERY PLAN). */
async function sqlPlan(conn: Connection, collection: string, filter: Record<string, unknown>): Promise<string> {
  const answer = await conn.db!.command({ explain: { find: collection, filter } });
  const plan = (answer.queryPlanner as { Plan?: string[] } | undefined)?.Plan;
  expect(plan, JSON.stringify(answer)).to.be.an('array');
  return plan!.join('\n');
}

describe('the embedded FerretDB, as our build patches it', function () {
  let db: OwnDatabase;
  let conn: Connection;

  before(async function () {
    this.timeout(300_000); // a first build takes about a minute
    db = await startOwnDatabase();
    conn = await mongoose.createConnection(`${db.uri}patched_id_lookup`).asPromise();
    await conn
      .db!.collection('pilots')
      .insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `SBV-${String(i).padStart(4, '0')}` as never, n: i })));
  });
  after(async () => {
    await conn?.close();
    await db?.dispose();
  });

  it('when a document is read by a string _id, then SQLite searches the _id index instead of scanning', async () => {
    const plan = await sqlPlan(conn, 'pilots', { _id: 'SBV-0042' });
    expect(plan).to.match(/SEARCH \S+ USING INDEX \S+__id_ /);
    expect(plan).not.to.match(/\bSCAN\b/);
    const found = await conn.db!.collection('pilots').findOne({ _id: 'SBV-0042' as never });
    expect(found).to.deep.equal({ _id: 'SBV-0042', n: 42 });
  });

  it('when a document is read by an ObjectId, then the index is used and the document found', async () => {
    const things = conn.db!.collection('things');
    const id = new mongoose.Types.ObjectId();
    await things.insertMany([{ _id: id, n: 1 }, { n: 2 }, { n: 3 }]);
    expect(await sqlPlan(conn, 'things', { _id: id })).to.match(/USING INDEX \S+__id_ /);
    expect(await things.findOne({ _id: id })).to.deep.equal({ _id: id, n: 1 });
  });

  it('when a document is updated or deleted by _id, then exactly that document changes', async () => {
    const pilots = conn.db!.collection<{ _id: string; n: number }>('pilots');
    expect((await pilots.updateOne({ _id: 'SBV-0007' }, { $set: { n: -7 } })).modifiedCount).to.equal(1);
    expect(await pilots.findOne({ _id: 'SBV-0007' })).to.deep.equal({ _id: 'SBV-0007', n: -7 });
    expect((await pilots.deleteOne({ _id: 'SBV-0008' })).deletedCount).to.equal(1);
    expect(await pilots.findOne({ _id: 'SBV-0008' })).to.equal(null);
    expect(await pilots.countDocuments({})).to.equal(499);
  });

  it('when any other filter is given, then FerretDB still scans (nothing else is pushed down)', async () => {
    expect(await sqlPlan(conn, 'pilots', { n: 42 })).to.match(/\bSCAN\b/);
  });
});

describe('the FerretDB build guard', () => {
  const [patchFile] = patchFiles();
  const patch = readPatch(patchFile);
  let vendor: string;

  /** A vendored tree holding `text` as the patched file, with modules.txt naming `version`. */
  function vendoredTree(version: string, text: string) {
    vendor = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-vendor-'));
    fs.writeFileSync(path.join(vendor, 'modules.txt'), `# ${patch.module} ${version}\n## explicit; go 1.24\n`);
    const file = path.join(vendor, patch.module, patch.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }
  afterEach(() => fs.rmSync(vendor, { recursive: true, force: true }));

  it('when the vendored source holds the line the patch replaces, then it is replaced', () => {
    const file = vendoredTree(patch.version, `const (\n${patch.find})\n`);
    applyPatch(vendor, patch, 'p.json');
    expect(fs.readFileSync(file, 'utf8')).to.equal(`const (\n${patch.replace})\n`);
  });

  it('when the line is not there, then the build fails and names the patch', () => {
    vendoredTree(patch.version, 'const (\n\tIDColumn = "something else"\n)\n');
    expect(() => applyPatch(vendor, patch, 'p.json')).to.throw(/patch p\.json: the text it replaces occurs 0 times/);
  });

  it('when the build vendors another FerretDB version, then it fails before touching the source', () => {
    const file = vendoredTree('v1.24.3', patch.find);
    expect(() => applyPatch(vendor, patch, 'p.json')).to.throw(
      /written for .* v1\.24\.2, but the build vendors v1\.24\.3/,
    );
    expect(fs.readFileSync(file, 'utf8')).to.equal(patch.find);
  });

  it('the patch is pinned to the FerretDB version the wrapper requires', () => {
    const goMod = fs.readFileSync(path.join(path.dirname(path.dirname(patchFile)), 'go.mod'), 'utf8');
    expect(goMod).to.include(`require ${patch.module} ${patch.version}\n`);
  });
});
