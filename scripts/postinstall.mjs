// Runs after `npm install` / `npm ci`: builds what the first `npm start` or `npm test` would otherwise wait
// for. It never fails the install, and says what failed and how to retry:
// - the site's in-browser verifier (server/site/assets/verifier.js); `npm start` and `npm test` build it
//   again anyway, so a failure here shows up there too;
// - the embedded FerretDB, once, when Go is present and the binary is missing: without Go the app still
//   runs against MONGODB_URI or a mongod, and says so when it starts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** Runs a TypeScript script of ours; true when it succeeded, else says why. */
function run(script, what, retry) {
  const r = spawnSync(tsx, [path.join(root, 'scripts', script)], { stdio: 'inherit', cwd: root });
  if (r.status === 0) return true;
  const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
  console.warn(`sandbox-registry: ${what} failed (${why}); \`${retry}\` retries it.`);
  return false;
}

run('build-assets.ts', 'building the in-browser verifier', 'npm run build:assets');

if (process.env.SANDBOX_REGISTRY_SKIP_FERRETDB_BUILD === '1') {
  // Asked not to.
} else if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
  console.log(
    'sandbox-registry: Go not found; skipping the FerretDB build (set MONGODB_URI or MONGOD_BINARY instead).',
  );
} else {
  run('build-ferretdb.ts', 'the FerretDB build', 'npm run build:ferretdb');
}
process.exit(0);
