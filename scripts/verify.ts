// npm run verify -- <base-url> [--state <file>] [--tiles] [--quiet]
// Verifies the ledger of a running registry through its public API alone (server/ledger/verifier.ts).
// Exit 0: verified (and the state file updated); 1: the log does not match (stderr starts "FAIL:");
// 2: usage, network or state-file problems (stderr starts "ERROR:").
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CannotVerify,
  VerificationFailure,
  parseVerifierState,
  stateAfter,
  summary,
  verifyLedger,
  type VerifierState,
} from '../server/ledger/verifier.ts';

const USAGE = 'Usage: npm run verify -- <base-url> [--state <file>] [--tiles] [--quiet]';

async function readState(file: string): Promise<VerifierState | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null; // first run
    throw new CannotVerify(
      `cannot read the state file ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseVerifierState(text);
  } catch (error) {
    if (error instanceof CannotVerify) throw new CannotVerify(`${file}: ${error.message}`);
    throw error;
  }
}

/** Write then rename, so an interrupted run leaves the previous state intact. */
async function writeState(file: string, state: VerifierState): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw new CannotVerify(
      `verified, but cannot save the state file ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function main(): Promise<number> {
  const parse = () =>
    parseArgs({
      allowPositionals: true,
      strict: true,
      options: { state: { type: 'string' }, tiles: { type: 'boolean' }, quiet: { type: 'boolean' } },
    });
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`ERROR: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [baseUrl, ...extra] = args.positionals;
  if (baseUrl === undefined || extra.length > 0) {
    console.error(`ERROR: expected one base URL\n${USAGE}`);
    return 2;
  }
  const stateFile = args.values.state;
  // On a terminal progress rewrites one line, erased before the result; in a pipe it is plain lines.
  const tty = process.stderr.isTTY === true;
  let progressShown = false;
  const clearProgress = () => {
    if (tty && progressShown) process.stderr.write('\r\x1b[K');
    progressShown = false;
  };

  try {
    const previous = stateFile === undefined ? null : await readState(stateFile);
    const verified = await verifyLedger({
      baseUrl,
      fetch: (url, init) => fetch(url, init),
      previous,
      tiles: args.values.tiles === true,
      onProgress: args.values.quiet
        ? undefined
        : (done, total) => {
            process.stderr.write(`${tty ? '\r' : ''}verified ${done}/${total} entries…${tty ? '' : '\n'}`);
            progressShown = true;
          },
    });
    clearProgress();
    if (stateFile !== undefined) await writeState(stateFile, stateAfter(verified, new Date()));
    console.log(summary(verified));
    return 0;
  } catch (error) {
    clearProgress();
    if (error instanceof VerificationFailure) {
      console.error(`FAIL: ${error.message}`);
      return 1;
    }
    if (error instanceof CannotVerify) {
      console.error(`ERROR: ${error.message}`);
      return 2;
    }
    console.error(`ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

process.exitCode = await main();
