// What the public ledger API serves (DESIGN.md §3's table), with the parameter rules outside verifiers
// rely on: sizes beyond the current tree, index >= size and first > second are 400s.
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { toBase64 as b64, utf8Bytes } from './bytes.ts';
import type { Entry } from './entry.ts';
import { parseTilePath, tilePath } from './tiles.ts';

const badParam = (field: string, reason: string) =>
  problems.badRequest(`${field} ${reason}.`, { errors: [{ field, reason }] });

export async function entryCount(ctx: RegistryContext): Promise<number> {
  return (await ctx.ledger.entries.head()) + 1;
}

/** The tree the API answers for: the size of the latest signed checkpoint (signing it first if needed). */
async function currentSize(ctx: RegistryContext): Promise<number> {
  // The counter alone: the checkpoint itself is a read of a collection that grows by one per batch.
  return (await ctx.ledger.checkpoints.latestSize()) ?? (await ctx.ledger.checkpoints.signCurrent()).size;
}

export async function latestCheckpoint(ctx: RegistryContext): Promise<string> {
  return ((await ctx.ledger.checkpoints.latest()) ?? (await ctx.ledger.checkpoints.signCurrent())).note;
}

export async function checkpointAt(ctx: RegistryContext, size: number): Promise<string> {
  const cp = await ctx.ledger.checkpoints.at(size);
  if (!cp) throw problems.notFound(`No checkpoint was signed for tree size ${size}.`);
  return cp.note;
}

export async function listEntries(ctx: RegistryContext, start: number, limit: number) {
  const count = await entryCount(ctx);
  if (start > count) throw badParam('start', `is beyond the log (${count} entries)`);
  const docs = await ctx.ledger.entries.range(start, Math.min(start + limit, count));
  return {
    entries: docs.map((d) => ({ seq: d.seq, canonical: d.canonical, leafHash: d.leafHash })),
    next: start + limit < count ? start + limit : null,
  };
}

export async function getEntry(ctx: RegistryContext, seq: number) {
  const doc = await ctx.ledger.entries.get(seq);
  if (!doc) throw problems.notFound(`No ledger entry ${seq}.`);
  return { seq: doc.seq, canonical: doc.canonical, leafHash: doc.leafHash, entry: JSON.parse(doc.canonical) as Entry };
}

export async function inclusionProof(ctx: RegistryContext, index: number, size: number) {
  const current = await currentSize(ctx);
  if (size > current) throw badParam('size', `is beyond the current tree (size ${current})`);
  if (index >= size) throw badParam('index', 'must be smaller than size');
  const p = await ctx.ledger.tree.inclusion(index, size);
  return { index, size, leafHash: b64(p.leaf), rootHash: b64(p.root), proof: p.proof.map(b64) };
}

export async function consistencyProof(ctx: RegistryContext, first: number, second: number) {
  const current = await currentSize(ctx);
  if (second > current) throw badParam('second', `is beyond the current tree (size ${current})`);
  if (first > second) throw badParam('first', 'must not be larger than second');
  if (first === 0) throw badParam('first', 'must be at least 1 (RFC 9162 defines no proof from the empty tree)');
  const p = await ctx.ledger.tree.consistency(first, second);
  return { first, second, firstRoot: b64(p.firstRoot), secondRoot: b64(p.secondRoot), proof: p.proof.map(b64) };
}

/** A tile or entry bundle (C2SP tlog-tiles) by the path segments after `tile/`. */
export async function tileAt(ctx: RegistryContext, segments: readonly string[]) {
  const ref = parseTilePath(segments);
  if (!ref) throw problems.notFound('No such tile: the path is not one C2SP tlog-tiles names.');
  const tile = await ctx.ledger.tree.tile(ref);
  if (!tile) throw problems.notFound(`The tree has no tile ${tilePath(ref)}.`);
  return tile;
}

/**
 * The self-contained proof of entry `seq` (C2SP tlog-proof): its canonical text as the `extra` data,
 * its index, the inclusion proof in the latest checkpoint and that checkpoint verbatim.
 */
export async function entryProof(ctx: RegistryContext, seq: number): Promise<string> {
  const doc = await ctx.ledger.entries.get(seq);
  if (!doc) throw problems.notFound(`No ledger entry ${seq}.`);
  const checkpoint = (await ctx.ledger.checkpoints.latest()) ?? (await ctx.ledger.checkpoints.signCurrent());
  if (seq >= checkpoint.size) {
    throw problems.notFound(`Entry ${seq} is not yet under a signed checkpoint; try again shortly.`, {
      headers: { 'Retry-After': '1' },
    });
  }
  const p = await ctx.ledger.tree.inclusion(seq, checkpoint.size);
  return [
    'c2sp.org/tlog-proof@v1',
    `extra ${b64(utf8Bytes(doc.canonical))}`,
    `index ${seq}`,
    ...p.proof.map(b64),
    '',
    checkpoint.note,
  ].join('\n');
}
