// Builds our FerretDB wrapper (scripts/ferretdb/) once into a git-ignored cache folder. The binary's name
// carries a hash of the wrapper's sources, so a changed go.mod or main.go builds a fresh one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sourceDir = path.join(repoRoot, 'scripts', 'ferretdb');
const cacheDir = path.join(repoRoot, '.cache', 'ferretdb');

export const FERRETDB_VERSION = 'v1.24.2';

export function ferretdbBinaryPath(): string {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(fs.readFileSync(path.join(sourceDir, f)));
  return path.join(cacheDir, `ferretdb-embedded-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

export function goAvailable(): boolean {
  const r = spawnSync('go', ['version'], { stdio: 'ignore' });
  return r.status === 0;
}

export interface BuildResult {
  binary: string;
  built: boolean;
  seconds: number;
}

/** Returns the cached binary, building it first if it is missing. Throws with go's output on failure. */
export function ensureFerretdbBinary(log: (msg: string) => void = () => {}): BuildResult {
  const binary = ferretdbBinaryPath();
  if (fs.existsSync(binary)) return { binary, built: false, seconds: 0 };
  if (!goAvailable()) throw new Error('Go is not installed, so FerretDB cannot be built');
  fs.mkdirSync(cacheDir, { recursive: true });
  const started = Date.now();
  log(
    `Building FerretDB ${FERRETDB_VERSION} (once; about a minute on a fresh machine) into ${path.relative(repoRoot, cacheDir)}/ …`,
  );
  // Build to a temporary name and rename, so concurrent builders never run a half-written file.
  const tmp = `${binary}.${process.pid}.tmp`;
  const r = spawnSync('go', ['build', '-trimpath', '-o', tmp, '.'], {
    cwd: sourceDir,
    encoding: 'utf8',
    // GOTOOLCHAIN=local: never try to download another Go; the wrapper's go.mod pins what compiles here.
    env: { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
  });
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`go build of FerretDB failed:\n${r.stderr || r.stdout || r.error?.message}`);
  }
  fs.renameSync(tmp, binary);
  const seconds = (Date.now() - started) / 1000;
  log(`FerretDB built in ${seconds.toFixed(0)} s`);
  return { binary, built: true, seconds };
}
