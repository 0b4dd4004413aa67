// The public ledger API: no login, the wire contract of DESIGN.md §3 that outside verifiers use.
import { Router } from 'express';
import { z } from 'zod';
import type { RegistryContext } from '../server/context.ts';
import {
  checkpointAt,
  consistencyProof,
  getEntry,
  inclusionProof,
  latestCheckpoint,
  listEntries,
} from '../server/ledger/public-api.ts';
import { endpoints } from '../middleware/endpoint.ts';

/** A non-negative integer written in decimal digits only ("1e3", "-1", "1.5", " 7" are refused). */
const count = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

const entriesQuery = z.strictObject({
  start: count.default(0),
  limit: count.pipe(z.number().min(1, 'must be at least 1').max(1000, 'must be at most 1000')).default(100),
});
const sizeQuery = z.strictObject({ size: count });
const inclusionQuery = z.strictObject({ index: count, size: count });
const consistencyQuery = z.strictObject({ first: count, second: count });
const seqParams = z.strictObject({ seq: count });

const text = (body: string) => ({ body, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' } });

export function ledgerRouter(ctx: RegistryContext) {
  const { open } = endpoints(ctx);
  const router = Router();
  router.get('/key', open({}, () => ({ body: ctx.ledger.checkpoints.publicKey(), headers: { 'Cache-Control': 'public, max-age=3600' } })));
  router.get('/checkpoint', open({}, async () => text(await latestCheckpoint(ctx))));
  router.get('/checkpoints', open({ query: sizeQuery }, async ({ query }) => text(await checkpointAt(ctx, query.size))));
  router.get('/entries', open({ query: entriesQuery }, async ({ query }) => ({ body: await listEntries(ctx, query.start, query.limit) })));
  router.get('/entries/:seq', open({ params: seqParams }, async ({ params }) => ({ body: await getEntry(ctx, params.seq) })));
  router.get('/proof/inclusion', open({ query: inclusionQuery }, async ({ query }) => ({ body: await inclusionProof(ctx, query.index, query.size) })));
  router.get('/proof/consistency', open({ query: consistencyQuery }, async ({ query }) => ({
    body: await consistencyProof(ctx, query.first, query.second),
  })));
  return router;
}
