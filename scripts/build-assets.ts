// npm run build:assets — bundles the in-browser verifier into server/site/assets/verifier.js
// (server/site/verifier-bundle.ts). Run by postinstall, by `npm start` (prestart) and by the test run.
import path from 'node:path';
import { buildVerifierBundle } from '../server/site/verifier-bundle.ts';

try {
  const { file, bytes } = await buildVerifierBundle();
  console.log(`sandbox-registry: built ${path.relative(process.cwd(), file)} (${(bytes / 1024).toFixed(1)} KiB)`);
} catch (error) {
  console.error(
    `sandbox-registry: building the in-browser verifier failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
