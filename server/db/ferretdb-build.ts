// Builds our FerretDB wrapper (scripts/ferretdb/) once into a git-ignored cache folder. The binary's name
// carries a hash of the wrapper's sources and of its patches, so a changed go.mod, main.go or patch builds
// a fresh one (and a binary built before a patch existed is never reused).
//
// The patches (scripts/ferretdb/patches/*.json) change FerretDB's own source. `go build -overlay` refuses
// files in the module cache, so the build copies the wrapper to a scratch folder, vendors its
// dependencies (`go mod vendor`), edits the vendored files and builds with `-mod=vendor`. Each patch names
// the module version it was written for and the exact text it replaces: the build fails, saying which
// patch, when either is not what the vendored source holds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sourceDir = path.join(repoRoot, 'scripts', 'ferretdb');
const patchDir = path.join(sourceDir, 'patches');
const cacheDir = path.join(repoRoot, '.cache', 'ferretdb');
const WRAPPER_FILES = ['go.mod', 'go.sum', 'main.go'];

export const FERRETDB_VERSION = 'v1.24.2';

/** One edit of a vendored file: `find` must occur exactly once in `file` of `module` at `version`. */
export interface SourcePatch {
  why: string;
  module: string;
  version: string;
  file: string;
  find: string;
  replace: string;
}

export function patchFiles(): string[] {
  if (!fs.existsSync(patchDir)) return [];
  return fs
    .readdirSync(patchDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(patchDir, f));
}

export function readPatch(file: string): SourcePatch {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SourcePatch>;
  for (const key of ['why', 'module', 'version', 'file', 'find', 'replace'] as const) {
    if (typeof p[key] !== 'string' || p[key] === '') throw new Error(`${file}: "${key}" must be a non-empty string`);
  }
  return p as SourcePatch;
}

export function ferretdbBinaryPath(): string {
  const hash = createHash('sha256');
  for (const f of WRAPPER_FILES) hash.update(fs.readFileSync(path.join(sourceDir, f)));
  for (const f of patchFiles()) hash.update(path.basename(f)).update(fs.readFileSync(f));
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

/**
 * Applies `patch` to the vendored tree under `vendorDir`; throws unless the vendored module is at the
 * patch's version and its text occurs exactly once.
 */
export function applyPatch(vendorDir: string, patch: SourcePatch, name: string): void {
  const modules = fs.readFileSync(path.join(vendorDir, 'modules.txt'), 'utf8');
  const vendored = new RegExp(`^# ${patch.module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\S+)`, 'm').exec(modules);
  if (vendored?.[1] !== patch.version) {
    throw new Error(
      `FerretDB patch ${name} was written for ${patch.module} ${patch.version}, but the build vendors ${vendored?.[1] ?? 'no such module'}: check the patch against the new source and update it`,
    );
  }
  const file = path.join(vendorDir, patch.module, patch.file);
  const text = fs.readFileSync(file, 'utf8');
  const count = text.split(patch.find).length - 1;
  if (count !== 1) {
    throw new Error(
      `FerretDB patch ${name}: the text it replaces occurs ${count} times (expected once) in ${patch.module}@${patch.version}/${patch.file}; the patch no longer fits that source`,
    );
  }
  fs.writeFileSync(
    file,
    text.replace(patch.find, () => patch.replace),
  );
}

function go(args: string[], cwd: string, goflags: string): void {
  const r = spawnSync('go', args, {
    cwd,
    encoding: 'utf8',
    // GOTOOLCHAIN=local: never try to download another Go; the wrapper's go.mod pins what compiles here.
    env: { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: `${goflags} -buildvcs=false` },
  });
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed:\n${r.stderr || r.stdout || r.error?.message}`);
}

/** Returns the cached binary, building it first if it is missing. Throws with go's output on failure. */
export function ensureFerretdbBinary(log: (msg: string) => void = () => {}): BuildResult {
  const binary = ferretdbBinaryPath();
  if (fs.existsSync(binary)) return { binary, built: false, seconds: 0 };
  if (!goAvailable()) throw new Error('Go is not installed, so FerretDB cannot be built');
  fs.mkdirSync(cacheDir, { recursive: true });
  const started = Date.now();
  const patches = patchFiles().map((f) => ({ name: path.basename(f), patch: readPatch(f) }));
  log(
    `Building FerretDB ${FERRETDB_VERSION} with ${patches.length} patch(es) (once; about a minute on a fresh machine) into ${path.relative(repoRoot, cacheDir)}/ …`,
  );
  // Everything happens in a scratch copy of the wrapper; the binary is built under a temporary name and
  // renamed, so concurrent builders never run a half-written file.
  const scratch = fs.mkdtempSync(path.join(cacheDir, 'build-'));
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    for (const f of WRAPPER_FILES) fs.copyFileSync(path.join(sourceDir, f), path.join(scratch, f));
    go(['mod', 'vendor'], scratch, '-mod=mod');
    for (const { name, patch } of patches) applyPatch(path.join(scratch, 'vendor'), patch, name);
    go(['build', '-trimpath', '-o', tmp, '.'], scratch, '-mod=vendor');
    fs.renameSync(tmp, binary);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`The FerretDB build failed: ${(err as Error).message}`, { cause: err });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;
  log(`FerretDB built in ${seconds.toFixed(0)} s`);
  return { binary, built: true, seconds };
}
