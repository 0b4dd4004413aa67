// Schemathesis (https://schemathesis.io, from PyPI) in a virtualenv of its own under .cache/, pinned to
// one version so that a run generates the same requests wherever it runs; and one run of it against the
// live registry as one caller, read back from its JSON report.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** 4.x reads OpenAPI 3.1 (JSON Schema 2020-12), which is what /api/openapi.json is. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** Python, pip or PyPI is missing: the fuzz cannot run here (a test reports this loudly and skips). */
export class FuzzUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FuzzUnavailable';
  }
}

function run(command: string, args: string[]) {
  return spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The `st` executable of the pinned version, installing it first when needed. A venv whose install did
 * not finish has no marker and is made again.
 */
export function ensureSchemathesis(cacheDir: string, pythons: string[], log: (line: string) => void): string {
  const venv = path.join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const st = path.join(venv, 'bin', 'st');
  const marker = path.join(venv, '.installed');
  if (fs.existsSync(marker) && fs.existsSync(st)) return st;

  // The first interpreter that runs and has venv and ensurepip (a pyenv shim of a version not selected
  // does not run).
  const tried: string[] = [];
  const python = pythons.find((candidate) => {
    const probe = run(candidate, ['-c', 'import sys, venv, ensurepip; print(sys.version_info >= (3, 10))']);
    if (!probe.error && probe.status === 0 && probe.stdout.trim() === 'True') return true;
    tried.push(
      `${candidate}: ${probe.error?.message ?? (probe.stdout.trim() === 'False' ? 'older than 3.10' : probe.stderr.trim().split('\n')[0])}`,
    );
    return false;
  });
  if (!python)
    throw new FuzzUnavailable(
      `Python 3.10 or later with venv and ensurepip is needed to install Schemathesis ${SCHEMATHESIS_VERSION} (${tried.join('; ')}).`,
    );
  log(
    `installing Schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${path.relative(process.cwd(), venv)} with ${python}`,
  );
  fs.rmSync(venv, { recursive: true, force: true });
  const created = run(python, ['-m', 'venv', venv]);
  if (created.status !== 0) throw new FuzzUnavailable(`python -m venv failed: ${created.stderr.trim()}`);
  const pip = path.join(venv, 'bin', 'pip');
  // Bounded, so that a machine without PyPI learns it in a minute rather than after pip's default retries.
  const installed = run(pip, [
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--quiet',
    '--timeout',
    '20',
    '--retries',
    '2',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  if (installed.status !== 0) {
    fs.rmSync(venv, { recursive: true, force: true });
    throw new FuzzUnavailable(
      `pip could not install schemathesis==${SCHEMATHESIS_VERSION} (is PyPI reachable?):\n${installed.stderr.trim().split('\n').slice(-5).join('\n')}`,
    );
  }
  fs.writeFileSync(marker, `${SCHEMATHESIS_VERSION}\n`);
  return st;
}

export interface RunOptions {
  st: string;
  /** A schemathesis.toml (known values bound to parameters). */
  configFile?: string;
  schemaUrl: string;
  token?: string;
  checks: string[];
  phases: string[];
  maxExamples: number;
  /** Seconds for this run; unset: the run ends when every phase has done its examples. */
  maxTime?: number;
  seed: number;
  workers: number;
  reportDir: string;
  /** Receives Schemathesis' own output, line by line. */
  output: (chunk: string) => void;
}

export interface RunResult {
  exitCode: number | null;
  testCases: number;
  failingCases: number;
  /** Errors of the run (a check that could not run, an operation it could not generate for). */
  errors: number;
  /** Of those, crashes of CPython 3.11 itself inside Hypothesis (see KNOWN_TOOL_CRASH): not the API's. */
  toolCrashes: number;
  failures: { code: string; title: string; operations: string[] }[];
}

interface JsonReport {
  exit_code: number;
  test_cases: { generated: number; with_failures: number; errored: number };
  failures: { code: string; title: string; operations: string[] }[];
  errors: { title: string; count: number }[];
}

/**
 * CPython 3.11's ast.parse can fail with this SystemError when called deep inside generators (Hypothesis
 * parses a lambda's source to describe a strategy while Schemathesis builds coverage cases): one or two
 * operations per caller in the coverage phase on 3.11.7, none in the same runs on 3.13.0. The operation's
 * other phases still run; such a crash is counted apart and shown, never as a failure of the API.
 */
const KNOWN_TOOL_CRASH = /^Runtime Error\n\nAST constructor recursion depth mismatch/gm;

export async function runSchemathesis(o: RunOptions): Promise<RunResult> {
  fs.mkdirSync(o.reportDir, { recursive: true });
  const reportPath = path.join(o.reportDir, 'report.json');
  const args = [
    ...(o.configFile ? ['--config-file', o.configFile] : []),
    'run',
    o.schemaUrl,
    '--checks',
    o.checks.join(','),
    '--phases',
    o.phases.join(','),
    '--max-examples',
    String(o.maxExamples),
    '--seed',
    String(o.seed),
    '--workers',
    String(o.workers),
    // Hypothesis' example database would make a run depend on the runs before it.
    '--generation-database',
    'none',
    '--report',
    'json,junit',
    '--report-dir',
    o.reportDir,
    '--report-json-path',
    reportPath,
    '--request-timeout',
    '30',
    '--no-color',
    ...(o.maxTime ? ['--max-time', String(o.maxTime)] : []),
    ...(o.token ? ['--header', `Authorization: Bearer ${o.token}`] : []),
  ];
  const child = spawn(o.st, args, {
    cwd: o.reportDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  const collect = (b: Buffer) => {
    output += b.toString();
    o.output(b.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  if (!fs.existsSync(reportPath))
    return { exitCode: exitCode ?? 1, testCases: 0, failingCases: 0, errors: 1, toolCrashes: 0, failures: [] };
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as JsonReport;
  return {
    exitCode,
    testCases: report.test_cases.generated,
    failingCases: report.test_cases.with_failures,
    errors: Math.max(
      report.errors.reduce((n, e) => n + e.count, 0),
      report.test_cases.errored,
    ),
    toolCrashes: output.match(KNOWN_TOOL_CRASH)?.length ?? 0,
    failures: report.failures.map((f) => ({ code: f.code, title: f.title, operations: f.operations })),
  };
}
