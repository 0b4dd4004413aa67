// Proves that the mongoose features our code relies on work on the server the tests run against
// (FerretDB on machines without mongod): unique-index races, version-checked updates, cursor paging.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Schema, type Connection } from 'mongoose';
import { connectDatabase, databaseUri } from '../../server/db/connection.ts';
import { isDuplicateKey } from '../../server/db/duplicate.ts';
import { BY_ID, pageOf } from '../../server/paging.ts';
import { testConfig, testServerUri } from '../support/app.ts';

const recordSchema = new Schema({
  key: { type: String, unique: true, required: true },
  n: Number,
  version: { type: Number, default: 0 },
});

const recordModel = (conn: Connection) => conn.model('Record', recordSchema);

describe('the embedded database', () => {
  let conn: Connection;
  let Record: ReturnType<typeof recordModel>;

  before(async () => {
    conn = await connectDatabase(
      testConfig(),
      databaseUri(testServerUri(), `smoke_${randomBytes(4).toString('hex')}`, true),
    );
    Record = recordModel(conn);
    await Record.init();
  });
  after(async () => {
    await conn.dropDatabase();
    await conn.close();
  });

  it('when two inserts share a unique key, then the second fails as a duplicate and the first stays', async () => {
    await Record.create({ key: 'SBV-2025-0001', n: 1 });
    let error: unknown;
    try {
      await Record.create({ key: 'SBV-2025-0001', n: 2 });
    } catch (err) {
      error = err;
    }
    expect(isDuplicateKey(error)).to.equal(true);
    const stored = await Record.find({ key: 'SBV-2025-0001' });
    expect(stored.map((r) => r.n)).to.deep.equal([1]);
  });

  it('when an update carries a stale version, then it changes nothing and the current one wins', async () => {
    const doc = await Record.create({ key: 'versioned', n: 0 });
    const first = await Record.updateOne({ _id: doc._id, version: 0 }, { $set: { n: 1 }, $inc: { version: 1 } });
    const stale = await Record.updateOne({ _id: doc._id, version: 0 }, { $set: { n: 2 }, $inc: { version: 1 } });
    expect(first.modifiedCount).to.equal(1);
    expect(stale.modifiedCount).to.equal(0);
    const after = await Record.findById(doc._id);
    expect(after?.n).to.equal(1);
    expect(after?.version).to.equal(1);
  });

  it('when records are read page by page with a cursor, then each appears exactly once in order', async () => {
    await Record.insertMany(
      Array.from({ length: 25 }, (_, i) => ({ key: `page-${String(i).padStart(2, '0')}`, n: i })),
    );
    const seen: number[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await pageOf(
        (f, sort, limit) => Record.find(f).sort(sort).limit(limit),
        { key: /^page-/ },
        BY_ID,
        { limit: 10, after },
        (r) => r.n ?? -1,
      );
      seen.push(...page.items);
      after = page.next ?? undefined;
      pages++;
    } while (after);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(Array.from({ length: 25 }, (_, i) => i));
  });
});
