// Provisions the database the app talks to, in DESIGN.md §4's order:
//   1. MONGODB_URI, if set;
//   2. a real mongod through mongodb-memory-server (MONGOD_BINARY, a cached binary, or a download);
//   3. FerretDB v1.24.2 on SQLite, built from our wrapper in scripts/ferretdb/.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { freePort, startChildServer } from './child-server.ts';
import { ensureFerretdbBinary, goAvailable, repoRoot } from './ferretdb-build.ts';

export type DatabaseKind = 'external' | 'mongod' | 'ferretdb';

export interface ProvisionedDatabase {
  kind: DatabaseKind;
  /** Server URI without a database name; callers append one. */
  uri: string;
  stop(): Promise<void>;
}

export interface ProvisionOptions {
  /** Where the embedded server keeps its files (npm start: <DATA_DIR>/db; tests: a temporary folder). */
  dbDir: string;
  log?: (msg: string) => void;
  /** Reuse a port (tests restart a server on the same address). */
  port?: number;
}

export class NoDatabaseError extends Error {
  constructor(details: string[]) {
    super(
      [
        'No database is available. Choose one of:',
        '  1. set MONGODB_URI to a MongoDB server (e.g. mongodb://127.0.0.1:27017 or an Atlas URI);',
        '  2. set MONGOD_BINARY to a local mongod executable (or let mongodb-memory-server download one where the internet is reachable);',
        '  3. install Go (https://go.dev/dl/) so the project can build its embedded FerretDB (npm run build:ferretdb).',
        ...(details.length ? ['What was tried:', ...details.map((d) => `  - ${d}`)] : []),
      ].join('\n'),
    );
    this.name = 'NoDatabaseError';
  }
}

// A failed mongod download (no internet) is remembered for a day so that every start does not wait on it.
const downloadMarker = path.join(repoRoot, '.cache', 'mongod-download-failed');
const DAY_MS = 24 * 3600 * 1000;

function downloadRecentlyFailed(): boolean {
  try {
    return Date.now() - fs.statSync(downloadMarker).mtimeMs < DAY_MS;
  } catch {
    return false;
  }
}

async function startMongod(config: Config, opts: ProvisionOptions): Promise<ProvisionedDatabase> {
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
  // Resolve (or download) the binary first: a failure here is quiet, whereas MongoMemoryServer.create
  // prints a long stack trace of its own before we can fall back to FerretDB.
  const systemBinary = config.db.mongodBinary ?? (await MongoBinary.getPath({}));
  const dbPath = path.join(opts.dbDir, 'mongod');
  fs.mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: { systemBinary },
    instance: { ip: '127.0.0.1', port: opts.port, dbPath, storageEngine: 'wiredTiger' },
  });
  return {
    kind: 'mongod',
    uri: server.getUri().replace(/\/[^/]*$/, '/'),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

export async function startFerretdb(opts: ProvisionOptions): Promise<ProvisionedDatabase> {
  const { binary } = ensureFerretdbBinary(opts.log);
  const dir = path.join(opts.dbDir, 'ferretdb');
  fs.mkdirSync(dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const child = await startChildServer(binary, ['-dir', dir, '-listen', `127.0.0.1:${port}`], 'ready');
  return { kind: 'ferretdb', uri: `mongodb://127.0.0.1:${port}/`, stop: () => child.stop() };
}

export async function provisionDatabase(config: Config, opts: ProvisionOptions): Promise<ProvisionedDatabase> {
  if (config.db.uri) {
    return { kind: 'external', uri: config.db.uri, stop: async () => {} };
  }
  const log = opts.log ?? (() => {});
  const tried: string[] = [];

  const tryMongod =
    config.db.embedded === 'mongod' ||
    (config.db.embedded === 'auto' && (config.db.mongodBinary !== undefined || !downloadRecentlyFailed()));
  if (tryMongod) {
    try {
      return await startMongod(config, opts);
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      tried.push(`mongod: ${msg}`);
      if (!config.db.mongodBinary) {
        fs.mkdirSync(path.dirname(downloadMarker), { recursive: true });
        fs.writeFileSync(downloadMarker, `${new Date().toISOString()} ${msg}\n`);
      }
      if (config.db.embedded === 'mongod') throw new NoDatabaseError(tried);
      log(`No mongod available (${msg}); using FerretDB instead.`);
    }
  } else if (config.db.embedded === 'auto') {
    tried.push('mongod: download failed within the last day (delete .cache/mongod-download-failed to retry)');
  }

  if (config.db.embedded !== 'mongod') {
    if (!goAvailable() && !fs.existsSync(path.join(repoRoot, '.cache', 'ferretdb'))) {
      tried.push('FerretDB: Go is not installed');
    } else {
      try {
        return await startFerretdb(opts);
      } catch (err) {
        tried.push(`FerretDB: ${(err as Error).message.split('\n').slice(0, 5).join(' ')}`);
      }
    }
  }
  throw new NoDatabaseError(tried);
}
