// The public ledger API: no login, the wire contract of DESIGN.md §3 that outside verifiers use.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { RegistryContext } from '../server/context.ts';
import {
  checkpointAt,
  consistencyProof,
  entryProof,
  getEntry,
  inclusionProof,
  latestCheckpoint,
  listEntries,
  tileAt,
} from '../server/ledger/public-api.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { wholeNumber } from './schemas.ts';
import type { RouteScope } from '../middleware/route-table.ts';

/** A non-negative integer written in decimal digits only ("1e3", "-1", "1.5", " 7" are refused). */
const DIGITS = { digits: 15, message: 'must be a non-negative integer' };
const count = wholeNumber(0, 10 ** 15 - 1, DIGITS);

const entriesQuery = z.strictObject({
  start: count.default(0),
  limit: wholeNumber(1, 1000, DIGITS).default(100),
});
const sizeQuery = z.strictObject({ size: count });
const inclusionQuery = z.strictObject({ index: count, size: count });
const consistencyQuery = z.strictObject({ first: count, second: count });
const seqParams = z.strictObject({ seq: count });

// The answers, as DESIGN §3 fixes them for outside verifiers (hashes are standard base64). They document
// the routes, and test/api/openapi.test.ts checks real answers against them.
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'standard base64');
const seq = z.number().int().min(0);
const servedEntry = z.strictObject({
  seq,
  canonical: z.string().describe("The entry's exact RFC 8785 (JCS) text"),
  leafHash: base64,
});
export const ledgerReplies = {
  key: z.strictObject({
    algorithm: z.literal('Ed25519'),
    vkey: z.string().describe('C2SP vkey: <name>+<key id, 8 hex>+<base64(0x01 ‖ key)>'),
    publicKey: base64,
  }),
  entries: z.strictObject({
    entries: z.array(servedEntry),
    next: seq.nullable().describe('start of the next page, null at the end'),
  }),
  entry: servedEntry.extend({
    entry: z
      .record(z.string(), z.unknown())
      .describe('The parsed entry: {v, seq, at, type, subject, actor, data, commitment}'),
  }),
  inclusion: z.strictObject({ index: seq, size: seq, leafHash: base64, rootHash: base64, proof: z.array(base64) }),
  consistency: z.strictObject({
    first: seq,
    second: seq,
    firstRoot: base64,
    secondRoot: base64,
    proof: z.array(base64),
  }),
};

const text = (body: string) => ({
  body,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
});
const signedNote = {
  contentType: 'text/plain',
  description: 'A C2SP signed note: `<origin>\\n<size>\\n<base64 root>\\n\\n— <name> <base64(keyid‖sig)>\\n`',
};

const tlogProof = {
  contentType: 'text/plain',
  description:
    'A C2SP tlog-proof: `c2sp.org/tlog-proof@v1`, `extra <base64 of the canonical entry>`, `index <seq>`, the inclusion proof (one base64 hash a line), an empty line, the latest checkpoint',
};

/**
 * GET <prefix>/tile/<L>/<N>[.p/<W>] and <prefix>/tile/entries/<N>[.p/<W>], exactly as C2SP tlog-tiles
 * says (`<N>` as `x001/234`). They are static bytes for tlog clients rather than API answers, so they sit
 * outside the route table: its path templates cannot say the spec's `<N>` of any depth, and its pipeline
 * answers JSON or text, not bytes (routes/openapi-document.ts describes them by hand). Errors are still
 * problem+json, from the app's error handler.
 */
const serveTile =
  (ctx: RegistryContext): RequestHandler =>
  async (req, res) => {
    const tile = await tileAt(ctx, (req.params as { path?: string[] }).path ?? []);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Access-Control-Allow-Origin', '*');
    // Full tiles never change; a partial one does not either, but may go once its tile is full.
    res.setHeader('Cache-Control', tile.full ? 'public, max-age=31536000, immutable' : 'public, max-age=10');
    res.status(200).end(Buffer.from(tile.data.buffer, tile.data.byteOffset, tile.data.byteLength));
  };

export function ledgerRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open } = endpoints(ctx);
  routes.get(
    '/key',
    open({ summary: 'The checkpoint signing key (C2SP vkey)', reply: { schema: ledgerReplies.key } }, () => ({
      body: ctx.ledger.checkpoints.publicKey(),
      headers: { 'Cache-Control': 'public, max-age=3600' },
    })),
  );
  routes.get(
    '/checkpoint',
    open({ summary: 'The latest signed checkpoint', reply: signedNote }, async () => text(await latestCheckpoint(ctx))),
  );
  routes.get(
    '/checkpoints',
    open(
      { summary: 'The kept checkpoint for tree size N (404 if none was signed)', query: sizeQuery, reply: signedNote },
      async ({ query }) => text(await checkpointAt(ctx, query.size)),
    ),
  );
  routes.get(
    '/entries',
    open(
      {
        summary: 'Entries in seq order with their canonical (RFC 8785) text and leaf hash',
        query: entriesQuery,
        reply: { schema: ledgerReplies.entries },
      },
      async ({ query }) => ({ body: await listEntries(ctx, query.start, query.limit) }),
    ),
  );
  routes.get(
    '/entries/:seq',
    open(
      { summary: 'One entry, plus its parsed form', params: seqParams, reply: { schema: ledgerReplies.entry } },
      async ({ params }) => ({ body: await getEntry(ctx, params.seq) }),
    ),
  );
  routes.get(
    '/entries/:seq/proof',
    open(
      {
        summary: 'The self-contained proof of one entry (C2SP tlog-proof) in the latest checkpoint',
        params: seqParams,
        reply: tlogProof,
      },
      async ({ params }) => ({
        body: await entryProof(ctx, params.seq),
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Disposition': `inline; filename="entry-${params.seq}.tlog-proof"`,
          'Cache-Control': 'no-cache',
        },
      }),
    ),
  );
  routes.router.get('/tile/{*path}', serveTile(ctx));
  routes.get(
    '/proof/inclusion',
    open(
      {
        summary: 'RFC 9162 inclusion proof of leaf I in the tree of size N',
        query: inclusionQuery,
        reply: { schema: ledgerReplies.inclusion },
      },
      async ({ query }) => ({ body: await inclusionProof(ctx, query.index, query.size) }),
    ),
  );
  routes.get(
    '/proof/consistency',
    open(
      {
        summary: 'RFC 9162 consistency proof between tree sizes M and N',
        query: consistencyQuery,
        reply: { schema: ledgerReplies.consistency },
      },
      async ({ query }) => ({ body: await consistencyProof(ctx, query.first, query.second) }),
    ),
  );
}
