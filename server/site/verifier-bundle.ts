// The in-browser verifier as a static asset: server/site/browser/verifier.ts and the shared ledger modules
// it imports, bundled by esbuild into assets/verifier.js (git-ignored). The bundle is resolved under the
// "browser" condition, so package.json's "imports" hands it the pure-JS crypto seam
// (server/ledger/crypto.browser.ts); everything else is the code `npm run verify` runs. Built by
// `npm run build:assets`, which postinstall, `npm start` (prestart) and the test run call.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const VERIFIER_ENTRY = path.join(here, 'browser', 'verifier.ts');
export const VERIFIER_BUNDLE = path.join(here, 'assets', 'verifier.js');

export interface BuiltBundle {
  /** The bundle's JavaScript. */
  code: string;
  /** Its source map (the TypeScript sources included, for a reader who wants to audit what runs). */
  map: string;
  /** The source files bundled, relative to the project's root. */
  inputs: string[];
  /** What the bundle still imports: nothing, for a script the page loads alone. */
  imports: string[];
}

/**
 * Bundles `entry` (by default the page's verifier) for the browser, in memory. Tests bundle other entries
 * the same way, so they run the browser's code in Node.
 */
export async function bundleForBrowser(entry = VERIFIER_ENTRY, outfile = VERIFIER_BUNDLE): Promise<BuiltBundle> {
  // Loaded here, not on import: the server only reads VERIFIER_BUNDLE.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    absWorkingDir: path.resolve(here, '../..'),
    bundle: true,
    // platform 'browser' selects the "browser" condition (and no Node built-ins can sneak in).
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext));
  const code = file('.js');
  const map = file('.js.map');
  if (code === undefined || map === undefined) throw new Error('esbuild wrote no bundle');
  const outputs = Object.values(result.metafile.outputs);
  return {
    code: code.text,
    map: map.text,
    inputs: Object.keys(result.metafile.inputs),
    imports: outputs.flatMap((o) => o.imports.map((i) => i.path)),
  };
}

/**
 * Builds the verifier into assets/verifier.js (and its .map). A file is replaced whole, so a running server
 * never serves half of one, and only when it changed, so its ETag (and the readers' caches) stay valid.
 */
export async function buildVerifierBundle(): Promise<{ file: string; bytes: number }> {
  const bundle = await bundleForBrowser();
  if (bundle.imports.length > 0) throw new Error(`the verifier bundle imports ${bundle.imports.join(', ')}`);
  await replace(VERIFIER_BUNDLE, bundle.code);
  await replace(`${VERIFIER_BUNDLE}.map`, bundle.map);
  return { file: VERIFIER_BUNDLE, bytes: Buffer.byteLength(bundle.code) };
}

async function replace(file: string, text: string): Promise<void> {
  const current = await fs.readFile(file, 'utf8').catch(() => null);
  if (current === text) return;
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, text);
  await fs.rename(temporary, file);
}
