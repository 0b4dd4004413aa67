// The embedded FerretDB acknowledges a write only once SQLite has fsynced it (synchronous=FULL), so a
// power cut cannot take back an entry that a signed checkpoint already covers (issue 13, README). These
// stories watch the running server: the SQLite URI it opens its databases with (its debug log), and the
// fsync calls it makes per acknowledged write (under strace, where the machine has it).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { freePort, startChildServer, type ChildServer } from '../../server/db/child-server.ts';
import { ensureFerretdbBinary } from '../../server/db/ferretdb-build.ts';
import { waitUntil } from '../support/process.ts';

/** Inserts `count` documents one by one, each acknowledged before the next is sent. */
async function insertOneByOne(conn: Connection, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await conn.db!.collection('entries').insertOne({ seq: i });
}

function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'registry-durability-'));
}

describe('the embedded FerretDB, when a write is acknowledged', function () {
  this.timeout(300_000); // a first build takes about a minute
  let binary: string;
  before(() => {
    binary = ensureFerretdbBinary().binary;
  });

  it('then SQLite has been opened with synchronous(full) on top of FerretDB’s own pragmas', async () => {
    const dir = scratchDir();
    const port = await freePort();
    const child = spawn(binary, ['-dir', dir, '-listen', `127.0.0.1:${port}`, '-log-level', 'debug'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    try {
      expect(await waitUntil(() => out.includes('ready\n'), 30), log).to.equal(true);
      const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${port}/durable`).asPromise();
      await insertOneByOne(conn, 1);
      await conn.close();
      const opened = /msg="Database created" .*name=durable uri="([^"]+)"/.exec(log);
      expect(opened, log).to.not.equal(null);
      const pragmas = new URL(opened![1]).searchParams.getAll('_pragma');
      expect(pragmas).to.include('synchronous(full)');
      expect(pragmas).to.include('journal_mode(wal)');
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('then it was fsynced first: at least one fsync per write acknowledged one by one', async function () {
    const probe = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    if (probe.status !== 0) this.skip(); // no strace here, or no permission to trace
    const dir = scratchDir();
    const trace = path.join(dir, 'fsync.trace');
    const port = await freePort();
    let server: ChildServer | undefined;
    const fsyncs = () => (fs.readFileSync(trace, 'utf8').match(/\bf(?:data)?sync\(/g) ?? []).length;
    try {
      server = await startChildServer(
        'strace',
        ['-f', '-qq', '-e', 'trace=fsync,fdatasync', '-o', trace, binary, '-dir', path.join(dir, 'db')].concat([
          '-listen',
          `127.0.0.1:${port}`,
        ]),
        'ready',
      );
      const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${port}/durable`).asPromise();
      await insertOneByOne(conn, 1); // creates the database and the collection
      const before = fsyncs();
      await insertOneByOne(conn, 30);
      const during = fsyncs() - before;
      await conn.close();
      // With synchronous(normal) SQLite in WAL mode syncs only at checkpoints: a handful for 30 writes.
      expect(during).to.be.at.least(30);
    } finally {
      await server?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
