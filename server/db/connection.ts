import mongoose, { type Connection } from 'mongoose';
import type { Config } from '../config.ts';

// Filters built from user input never carry query operators (DESIGN.md §5); mongoose wraps them in $eq.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/**
 * Joins a server URI and a database name, keeping any query string (replicaSet, authSource…). A database
 * named in the URI wins unless `replace` is set (tests use a fresh database per suite).
 */
export function databaseUri(serverUri: string, dbName: string, replace = false): string {
  const url = new URL(serverUri);
  if (!replace && url.pathname && url.pathname !== '/') return serverUri;
  url.pathname = `/${dbName}`;
  return url.toString();
}

export async function connectDatabase(config: Config, uri: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    // Fail fast while the database is away instead of queueing requests behind a dead connection.
    bufferCommands: false,
    serverSelectionTimeoutMS: config.db.serverSelectionTimeoutMS,
    // A database that stops answering without closing its connections (frozen, partitioned) would
    // otherwise hold every request on them forever: the driver's default is to wait without limit.
    socketTimeoutMS: config.db.socketTimeoutMS,
    connectTimeoutMS: config.db.socketTimeoutMS,
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

const { mongo } = mongoose;
/** The driver's errors for "no answer from the database", subclasses included (network timeouts). */
const UNREACHABLE = [
  mongo.MongoNetworkError,
  mongo.MongoServerSelectionError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
  mongo.MongoServerClosedError,
];
/** By name: Mongoose's wrapper, the connection pool's errors (not exported by the driver), a second copy of the driver. */
const UNREACHABLE_NAMES = [
  'MongooseServerSelectionError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
];

/** True when an error means "the database cannot be reached", which the API reports as 503. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNREACHABLE.some((kind) => err instanceof kind)) return true;
  if (UNREACHABLE_NAMES.includes(err.name)) return true;
  return /before initial connection is complete|Connection was force closed|connection .* closed/i.test(err.message);
}

/** Whether the database answers a ping within `timeoutMs` (the driver has no per-command timeout). */
export async function pingDatabase(conn: Connection, timeoutMs = 2000): Promise<boolean> {
  if (!conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = conn.db
    .admin()
    .command({ ping: 1 })
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([ping, late]);
  } finally {
    clearTimeout(timer);
  }
}
