// The one place that reads the environment. Everything else receives a typed Config.
import path from 'node:path';
import { z } from 'zod';
import { loadDevSecrets } from './dev-secrets.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  EMBEDDED_DB: z.enum(['auto', 'mongod', 'ferretdb']).default('auto'),
  MONGOD_BINARY: z.string().min(1).optional(),
  DB_SERVER_SELECTION_TIMEOUT_MS: positiveInt(3000),
  DB_SOCKET_TIMEOUT_MS: positiveInt(30_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)')
    .optional(),
  JWT_PREVIOUS_KEYS: z
    .string()
    .regex(
      /^([A-Za-z0-9._-]{1,64}:[^,]{32,})(,[A-Za-z0-9._-]{1,64}:[^,]{32,})*$/,
      'comma-separated kid:secret pairs, secrets of 32+ characters',
    )
    .optional(),
  JWT_ISSUER: z.string().min(1).default('sandbox-registry'),
  JWT_AUDIENCE: z.string().min(1).default('sandbox-registry-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(30 * 24 * 3600),
  BCRYPT_COST: z.coerce.number().int().min(12, 'must be at least 12').max(15).default(12),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCK_SECONDS: positiveInt(15 * 60),
  REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(120).default(10),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  RATE_LIMIT_LOGIN: positiveInt(30),
  RATE_LIMIT_REGISTER: positiveInt(20),
  RATE_LIMIT_PUBLIC: positiveInt(600),
  PUBLIC_READS_IN_FLIGHT: positiveInt(8),
  PUBLIC_READS_WAITING: positiveInt(200),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !/[?#]/.test(u), 'must be an origin with an optional path, without query or fragment')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  LEDGER_ORIGIN: z
    .string()
    .regex(/^[^\s+]{1,200}$/, 'a name without spaces or "+", e.g. registry.example.gov.vn/ledger')
    .default('localhost/sandbox-registry'),
  LEDGER_SIGNING_KEY: z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be a base64 Ed25519 seed of 32 bytes')
    .optional(),
  LEDGER_RECONCILE_SECONDS: positiveInt(30),
  LEDGER_SIGNER_DIR: z.string().min(1).optional(),
  DUE_WORK_SECONDS: positiveInt(60),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'a size such as 100kb')
    .default('100kb'),
  METRICS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~+/=-]{16,256}$/, 'must be 16-256 token characters (letters, digits, ._~+/=-)')
    .optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  PORTAL_IDLE_MINUTES: positiveInt(30),
  PORTAL_ABSOLUTE_HOURS: positiveInt(12),
  CORS_ORIGINS: z
    .string()
    .regex(
      /^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/,
      'comma-separated origins such as https://app.example.gov.vn (scheme and host, no path)',
    )
    .optional(),
});

export type Env = Record<string, string | undefined>;

export interface JwtKey {
  kid: string;
  secret: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** The registry's public address for absolute links (feed, CSV), e.g. https://registry.example.gov.vn. */
  publicUrl: string | null;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dataDir: string;
  db: {
    uri?: string;
    embedded: 'auto' | 'mongod' | 'ferretdb';
    mongodBinary?: string;
    serverSelectionTimeoutMS: number;
    /** How long one operation waits for the database's answer (or a new connection for its handshake). */
    socketTimeoutMS: number;
  };
  jwt: {
    current: JwtKey;
    /** Keys still accepted for verification during a rotation. */
    previous: JwtKey[];
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
  };
  refreshTtlSeconds: number;
  bcryptCost: number;
  /** Failed sign-ins of one address from one source before each further one waits, and the longest wait. */
  lockout: { maxFailures: number; lockSeconds: number };
  /** Seconds in which a refresh token presented again (two tabs at once) gets the same successor. */
  refreshGraceSeconds: number;
  rateLimit: {
    windowSeconds: number;
    login: number;
    register: number;
    /** Public registry reads (API and pages) per client address per window: far above a page view's few. */
    publicReads: number;
  };
  /**
   * Public reads that miss the answer cache (server/public/answers.ts): at most `inFlight` are made at
   * once and `waiting` more wait; past that a read answers 503 with Retry-After, so anonymous load
   * cannot take the database from signed-in users.
   */
  publicReads: { inFlight: number; waiting: number };
  trustProxy: boolean;
  bodyLimit: string;
  ledger: {
    /** Checkpoint origin line and signing key name. */
    origin: string;
    /** Ed25519 seed (32 bytes). */
    signingSeed: Uint8Array;
    reconcileSeconds: number;
    /**
     * Where the signer keeps the last checkpoint it signed, outside the database (default
     * DATA_DIR/ledger-signer): it refuses to sign a tree that does not extend it.
     */
    signerDir: string;
  };
  /** How often the time-driven work (lapse, start, expiry, overdue reports) runs. */
  dueWorkSeconds: number;
  /** GET /metrics: with a token, bearer-only from anywhere; without one, direct loopback requests only. */
  metrics: { token?: string };
  /**
   * Origins whose browser scripts may call the authenticated API. Public read endpoints answer any
   * origin regardless.
   */
  cors: { origins: string[] };
  /** The portal's browser sessions (server-side, in the Session collection; the cookie names one). */
  portal: {
    /** `Secure` and the `__Host-` prefix on the portal's cookies: COOKIE_SECURE, else on in production. */
    cookieSecure: boolean;
    /** A session unused for this long ends. */
    idleSeconds: number;
    /** A session ends this long after sign-in, however busy. */
    absoluteSeconds: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all. */
function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

function parsePreviousKeys(raw: string | undefined): JwtKey[] {
  if (!raw) return [];
  return raw.split(',').map((pair) => {
    const i = pair.indexOf(':');
    return { kid: pair.slice(0, i), secret: pair.slice(i + 1) };
  });
}

export function loadConfig(rawEnv: Env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(withoutEmpty(rawEnv));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);

  let secret = e.JWT_SECRET;
  let kid = e.JWT_KEY_ID;
  let ledgerSeed = e.LEDGER_SIGNING_KEY;
  if (e.NODE_ENV === 'production') {
    const missing = [
      ...(secret ? [] : ['JWT_SECRET: required in production (32+ random characters)']),
      ...(ledgerSeed ? [] : ['LEDGER_SIGNING_KEY: required in production (base64 of a 32-byte Ed25519 seed)']),
    ];
    if (missing.length) throw new ConfigError(missing);
  }
  if (!secret || !ledgerSeed) {
    // Development and tests: generated once, kept under the data directory.
    const dev = loadDevSecrets(dataDir);
    if (!secret) {
      secret = dev.jwtSecret;
      kid = kid ?? dev.jwtKeyId;
    }
    ledgerSeed = ledgerSeed ?? dev.ledgerSeed;
  }

  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
    dataDir,
    db: {
      uri: e.MONGODB_URI,
      embedded: e.EMBEDDED_DB,
      mongodBinary: e.MONGOD_BINARY,
      serverSelectionTimeoutMS: e.DB_SERVER_SELECTION_TIMEOUT_MS,
      socketTimeoutMS: e.DB_SOCKET_TIMEOUT_MS,
    },
    jwt: {
      current: { kid: kid ?? 'k1', secret },
      previous: parsePreviousKeys(e.JWT_PREVIOUS_KEYS),
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    },
    refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    bcryptCost: e.BCRYPT_COST,
    lockout: { maxFailures: e.LOGIN_MAX_FAILURES, lockSeconds: e.LOGIN_LOCK_SECONDS },
    refreshGraceSeconds: e.REFRESH_GRACE_SECONDS,
    rateLimit: {
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      login: e.RATE_LIMIT_LOGIN,
      register: e.RATE_LIMIT_REGISTER,
      publicReads: e.RATE_LIMIT_PUBLIC,
    },
    publicReads: { inFlight: e.PUBLIC_READS_IN_FLIGHT, waiting: e.PUBLIC_READS_WAITING },
    trustProxy: e.TRUST_PROXY === 'true',
    bodyLimit: e.BODY_LIMIT,
    ledger: {
      origin: e.LEDGER_ORIGIN,
      signingSeed: new Uint8Array(Buffer.from(ledgerSeed, 'base64')),
      reconcileSeconds: e.LEDGER_RECONCILE_SECONDS,
      signerDir: path.resolve(cwd, e.LEDGER_SIGNER_DIR ?? path.join(dataDir, 'ledger-signer')),
    },
    dueWorkSeconds: e.DUE_WORK_SECONDS,
    metrics: { token: e.METRICS_TOKEN },
    cors: { origins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',') : [] },
    portal: {
      cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
      idleSeconds: e.PORTAL_IDLE_MINUTES * 60,
      absoluteSeconds: e.PORTAL_ABSOLUTE_HOURS * 3600,
    },
  };
}
