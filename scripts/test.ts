// npm test [-- <step or tier>… [mocha options]]
// Runs the checks of the product: `typecheck` and `lint`, and beside them the test tiers of test/tiers.ts
// (unit, api, site, browser, faults) in one mocha run whose files are spread over parallel workers
// (TEST_JOBS; default: the machine's cores, 2 to 4), all on one embedded database server, each suite
// on a fresh database of its own. Ends with a table of times, and fails when any step failed. Without
// Chromium the browser tier is left out and the run says once, at the end, how to get it.
//   npm test                            everything (`npm run test:<tier>` for one tier)
//   npm test -- api faults --grep=503   those tiers, with a mocha option (--opt=value: a bare value that
//                                       names a tier or a test/ path would be taken for one)
//   npm test -- test/auth/              the test files given, or those under a folder
//   npx mocha test/auth/tokens.test.ts  one file, straight through mocha
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserSkippedMessage, findChromium } from '../test/support/browser.ts';
import { SLOWEST_FIRST, TIER_NAMES, TIERS, tierOf, type TierName } from '../test/tiers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_STEPS = ['typecheck', 'lint'] as const;
type StaticStep = (typeof STATIC_STEPS)[number];

interface StepResult {
  name: string;
  result: 'ok' | 'FAILED' | 'skipped';
  seconds: number;
  note?: string;
}

function usage(): never {
  console.error(
    [
      'Usage: npm test [-- <step or tier>… [mocha options]]',
      `  steps: ${STATIC_STEPS.join(', ')}`,
      ...TIER_NAMES.map((t) => `  ${t.padEnd(8)} ${TIERS[t].about}${TIERS[t].inNpmTest ? '' : ' [not in npm test]'}`),
    ].join('\n'),
  );
  process.exit(2);
}

function parse(argv: string[]) {
  const steps: StaticStep[] = [];
  const tiers: TierName[] = [];
  const paths: string[] = [];
  const mochaArgs: string[] = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') usage();
    if ((STATIC_STEPS as readonly string[]).includes(arg)) steps.push(arg as StaticStep);
    else if ((TIER_NAMES as string[]).includes(arg)) tiers.push(arg as TierName);
    else if (/^test\//.test(arg) && fs.existsSync(path.join(root, arg))) paths.push(arg);
    else mochaArgs.push(arg);
  }
  if (steps.length === 0 && tiers.length === 0 && paths.length === 0) {
    steps.push(...STATIC_STEPS);
    tiers.push(...TIER_NAMES.filter((t) => TIERS[t].inNpmTest));
  }
  return { steps, tiers, paths, mochaArgs };
}

/** Every test file, relative to the repository: the slowest first, then by name. */
function testFiles(): string[] {
  const rank = (f: string) => (SLOWEST_FIRST.includes(f) ? SLOWEST_FIRST.indexOf(f) : SLOWEST_FIRST.length);
  return (fs.readdirSync(path.join(root, 'test'), { recursive: true }) as string[])
    .map((f) => `test/${f.split(path.sep).join('/')}`)
    .filter((f) => f.endsWith('.test.ts'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function run(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: opts.env ?? process.env,
      stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    child.once('error', (err) => resolve({ code: 1, output: `${output}${err.message}\n` }));
    child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** typecheck or lint: one process on one core, its output kept for the end. */
async function staticStep(name: StaticStep): Promise<StepResult & { output: string }> {
  const started = Date.now();
  const { code, output } = await run(npm, ['run', '--silent', name], { quiet: true });
  return { name, result: code === 0 ? 'ok' : 'FAILED', seconds: (Date.now() - started) / 1000, output };
}

function jobs(): number {
  const given = Number(process.env.TEST_JOBS);
  if (Number.isInteger(given) && given >= 1) return given;
  return Math.max(2, Math.min(4, os.availableParallelism()));
}

interface Selection {
  name: string;
  files: string[];
  database: boolean;
  /** Why the browser tier was left out, as the one message to show. */
  skipped?: string;
  problem?: string;
}

/** The files and folders given, or the files of the tiers asked for (then every file must be in a tier). */
function select(tiers: TierName[], paths: string[]): Selection {
  const all = testFiles();
  if (paths.length) {
    const files = all.filter((f) =>
      paths.some((p) => f === p || (p.endsWith('/') ? f.startsWith(p) : f.startsWith(`${p}/`))),
    );
    const database = files.some((f) => {
      const tier = tierOf(f);
      return tier ? TIERS[tier].database : true;
    });
    return { name: paths.join(' '), files, database };
  }
  const orphans = all.filter((f) => tierOf(f) === undefined);
  if (orphans.length) {
    console.error(
      `\nThese test files are in no tier; add them to test/tiers.ts:\n${orphans.map((f) => `  ${f}`).join('\n')}`,
    );
    return { name: 'tests', files: [], database: false, problem: `${orphans.length} file(s) in no tier` };
  }
  let chosen = tiers;
  let skipped: string | undefined;
  if (tiers.includes('browser')) {
    const chromium = findChromium();
    if ('missing' in chromium) {
      chosen = tiers.filter((t) => t !== 'browser');
      skipped = browserSkippedMessage(chromium.missing);
    }
  }
  return {
    name: chosen.join(' + ') || 'tests',
    files: all.filter((f) => chosen.includes(tierOf(f)!)),
    database: chosen.some((t) => TIERS[t].database),
    skipped,
  };
}

async function tests(selection: Selection, mochaArgs: string[]): Promise<StepResult[]> {
  const { name, files } = selection;
  // Left out without Chromium: fine beside other tiers, a failure when it was all that was asked for.
  const browser: StepResult[] = selection.skipped
    ? [{ name: 'browser', result: files.length ? 'skipped' : 'FAILED', seconds: 0, note: 'no Chromium, see below' }]
    : [];
  if (selection.problem) return [{ name, result: 'FAILED', seconds: 0, note: selection.problem }];
  if (files.length === 0)
    return browser.length ? browser : [{ name, result: 'FAILED', seconds: 0, note: 'no test files' }];
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The unit tier needs no database server: none is started, and a test that asks for one fails.
  if (!selection.database) env.TEST_NO_DATABASE = '1';
  const n = Math.min(jobs(), files.length);
  const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
  const parallel = n > 1 ? ['--parallel', '--jobs', String(n)] : [];
  console.log(`\n> ${name}: ${files.length} test file(s)${n > 1 ? ` on ${n} parallel workers` : ''}`);
  const started = Date.now();
  const { code } = await run(process.execPath, [mocha, ...parallel, ...mochaArgs, ...files], { env });
  return [{ name, result: code === 0 ? 'ok' : 'FAILED', seconds: (Date.now() - started) / 1000 }, ...browser];
}

function minutes(seconds: number) {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

async function main(): Promise<number> {
  const { steps, tiers, paths, mochaArgs } = parse(process.argv.slice(2));
  const started = Date.now();
  // typecheck and lint each keep one core busy; the tests' parallel workers run beside them and use
  // whatever the machine has left, so nothing waits for a core that is idle.
  if (steps.length) console.log(`\n> ${steps.join(' and ')}, beside the tests (their output comes at the end)`);
  const checks = Promise.all(steps.map(staticStep));
  const selection = tiers.length || paths.length ? select(tiers, paths) : undefined;
  const tested = selection ? await tests(selection, mochaArgs) : [];
  const results: StepResult[] = [...(await checks), ...tested];
  const total = (Date.now() - started) / 1000;

  for (const r of await checks) {
    if (r.result !== 'ok' || r.output.trim()) console.log(`\n> ${r.name}: ${r.result}\n${r.output.trimEnd()}`);
  }
  console.log(`\n${'step'.padEnd(40)}${'result'.padEnd(10)}time`);
  for (const r of results) {
    const note = r.note ? `  (${r.note})` : '';
    console.log(`${r.name.padEnd(40)}${r.result.padEnd(10)}${minutes(r.seconds)}${note}`);
  }
  console.log(`${'total'.padEnd(50)}${minutes(total)} (Node ${process.version})`);
  if (selection?.skipped) console.warn(`\n${selection.skipped}\n`);
  return results.some((r) => r.result === 'FAILED') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
