// Runs after `npm install` / `npm ci`: builds the embedded FerretDB once when Go is present and the binary
// is missing, so the first `npm start` or `npm test` does not wait for it. It never fails the install:
// without Go the app still runs against MONGODB_URI or a mongod, and says so when it starts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.SANDBOX_REGISTRY_SKIP_FERRETDB_BUILD === '1') process.exit(0);
if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
  console.log(
    'sandbox-registry: Go not found; skipping the FerretDB build (set MONGODB_URI or MONGOD_BINARY instead).',
  );
  process.exit(0);
}
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const r = spawnSync(tsx, [path.join(root, 'scripts', 'build-ferretdb.ts')], { stdio: 'inherit', cwd: root });
if (r.status !== 0) console.warn('sandbox-registry: the FerretDB build failed; `npm run build:ferretdb` retries it.');
process.exit(0);
