// Which tier each test file belongs to: a file is in the tier with the longest path that starts it (a
// file, or a folder ending in '/'). `npm test` runs every tier of the product and fails when a file is in
// none, so a new test cannot be left out by accident. scripts/test.ts runs them.

export interface Tier {
  /** What the tier holds (`npm test -- --help` lists them). */
  about: string;
  paths: string[];
  /** Needs the embedded database server (test/support/global.ts starts it only then). */
  database: boolean;
  /** Part of `npm test`; the others have an npm script of their own. */
  inNpmTest: boolean;
}

export const TIERS = {
  unit: {
    about: 'no database: Merkle proofs on the RFC 9162 vectors, signed notes, the verifier CLI against a fixture log',
    paths: ['test/ledger/merkle.test.ts', 'test/ledger/signed-note.test.ts', 'test/ledger/verifier.test.ts'],
    database: false,
    inNpmTest: true,
  },
  api: {
    about: 'the HTTP API and the ledger in-process on the embedded database, and the seed and admin commands',
    paths: [
      'test/access/',
      'test/api/',
      'test/auth/',
      'test/db/',
      'test/ledger/',
      'test/ops/',
      'test/pilots/',
      'test/public/',
      'test/scripts/',
    ],
    database: true,
    inNpmTest: true,
  },
  site: {
    about: 'server-rendered pages of the public site and the portal, read as HTML over HTTP with a cookie jar',
    paths: ['test/site/', 'test/portal/'],
    database: true,
    inNpmTest: true,
  },
  browser: {
    about: 'the public site and the portal in headless Chromium (skipped, with one message, where Chromium is missing)',
    paths: ['test/site/browser.test.ts', 'test/portal/browser.test.ts'],
    database: true,
    inNpmTest: true,
  },
  faults: {
    about: 'the registry as a process: signals, crashes, database outages, configuration errors',
    paths: ['test/faults/', 'test/server/'],
    database: true,
    inNpmTest: true,
  },
  bench: {
    about: '`npm run bench:public` at a tiny size, its figures unchecked (`npm run bench:ci`; .ci/run runs it)',
    paths: ['test/scripts/bench-public.test.ts'],
    database: true,
    inNpmTest: false,
  },
} satisfies Record<string, Tier>;

/**
 * The slowest files, slowest first: they start first, so that the parallel workers end together instead of
 * one of them starting a minute-long file last. Seconds of CPU each took in a serial run here (2026-11),
 * database server included; a file not listed starts after these, which is only slower, never wrong.
 */
export const SLOWEST_FIRST = [
  'test/ledger/concurrency.test.ts', // 61 s
  'test/ledger/verifier.test.ts', // 45 s
  'test/ledger/log.test.ts', // 41 s
  'test/site/browser.test.ts', // 33 s, and Chromium's own
  'test/portal/browser.test.ts', // about 40 s with Chromium's
  'test/pilots/lifecycle.test.ts', // 32 s
  'test/public/seed.test.ts', // 18 s
  'test/faults/app-killed.test.ts', // 15 s, and its server processes'
  'test/faults/database-outage.test.ts', // 9 s, 30 s of it waiting
];

export type TierName = keyof typeof TIERS;

export const TIER_NAMES = Object.keys(TIERS) as TierName[];

/** The tier of a test file (a path relative to the repository, with '/'), or undefined when none claims it. */
export function tierOf(file: string): TierName | undefined {
  let best: { tier: TierName; length: number } | undefined;
  for (const tier of TIER_NAMES) {
    for (const p of TIERS[tier].paths) {
      const matches = p.endsWith('/') ? file.startsWith(p) : file === p;
      if (matches && (!best || p.length > best.length)) best = { tier, length: p.length };
    }
  }
  return best?.tier;
}
