import { Router } from 'express';
import type { Connection } from 'mongoose';
import { pingDatabase } from '../server/db/connection.ts';
import { ledgerRefusal } from '../server/ledger/readiness.ts';

/** /healthz: the process answers. /readyz: the database answers too (load balancers route on this). */
export function healthRouter(conn: Connection) {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await pingDatabase(conn);
    res.setHeader('Cache-Control', 'no-store');
    // A ledger whose stored history does not extend what its signer signed still serves reads (so the
    // instance stays in rotation) but refuses writes, and says why here.
    const refusal = ok ? await ledgerRefusal(conn) : undefined;
    if (refusal) {
      res.status(200).json({ status: 'degraded', database: 'up', ledger: { writes: 'refused', reason: refusal } });
      return;
    }
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', database: ok ? 'up' : 'down' });
  });
  return router;
}
