// A registry process that freezes in the middle of an append: its first entry of type FREEZE_AFTER is
// stored in the ledger, and then the process stops making progress before the projection, so that a test
// can kill it (SIGKILL) exactly in that window. The app is the real one (createApp through startApp) with
// the ledger's crash hook; run by test/support/registry-process.ts as a child process, never in mocha.
import { startApp } from './app.ts';

const { FROZEN_SERVER_URI, FROZEN_DB_NAME, FROZEN_DATA_DIR, FREEZE_AFTER } = process.env;
if (!FROZEN_SERVER_URI || !FROZEN_DB_NAME || !FROZEN_DATA_DIR || !FREEZE_AFTER) {
  throw new Error('FROZEN_SERVER_URI, FROZEN_DB_NAME, FROZEN_DATA_DIR and FREEZE_AFTER are required');
}

// One JSON object a line, like the registry's own log, so the test reads both the same way.
const say = (fields: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(fields)}\n`);

let frozen = false;
const app = await startApp({
  serverUri: FROZEN_SERVER_URI,
  dbName: FROZEN_DB_NAME,
  env: { DATA_DIR: FROZEN_DATA_DIR },
  ledgerFaults: {
    afterEntry: async (entry) => {
      if (frozen || entry.type !== FREEZE_AFTER) return;
      frozen = true;
      say({ msg: 'frozen after the entry', seq: entry.seq });
      await new Promise(() => {}); // never resolves: the append stays half-done until the process dies
    },
  },
});
say({ msg: 'Sandbox Registry is listening', url: app.url });
