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
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

/** True when an error means "the database cannot be reached", which the API reports as 503. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const names = [
    'MongoServerSelectionError',
    'MongooseServerSelectionError',
    'MongoNetworkError',
    'MongoNetworkTimeoutError',
    'MongoNotConnectedError',
    'MongoTopologyClosedError',
    'MongoPoolClearedError',
  ];
  if (names.includes(err.name)) return true;
  return /before initial connection is complete|Connection was force closed|connection .* closed/i.test(err.message);
}

export async function pingDatabase(conn: Connection, timeoutMs = 2000): Promise<boolean> {
  if (!conn.db) return false;
  try {
    await conn.db.admin().command({ ping: 1 }, { timeoutMS: timeoutMs });
    return true;
  } catch {
    return false;
  }
}
