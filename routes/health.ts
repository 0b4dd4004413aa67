import { Router } from 'express';
import type { Connection } from 'mongoose';
import { pingDatabase } from '../server/db/connection.ts';

/** /healthz: the process answers. /readyz: the database answers too (load balancers route on this). */
export function healthRouter(conn: Connection) {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await pingDatabase(conn);
    res.setHeader('Cache-Control', 'no-store');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', database: ok ? 'up' : 'down' });
  });
  return router;
}
