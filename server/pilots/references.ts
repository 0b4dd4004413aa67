// Reference numbers <AGENCY>-<YEAR>-<NNNN> (e.g. SBV-2025-0042), handed out at a pilot's first submission.
// Without transactions, and with FerretDB's $inc being read-modify-write, a number is taken by inserting
// it as an _id: of two racing submissions exactly one gets it, the other tries the next.
import type { RegistryContext } from '../context.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { problems } from '../errors.ts';

/** The reference of the n-th pilot of a series such as SBV-2025: SBV-2025-0042. */
export const referenceOf = (series: string, n: number) => `${series}-${String(n).padStart(4, '0')}`;

export async function allocateReference(ctx: RegistryContext, pilotId: string, agencyCode: string): Promise<string> {
  const { PilotReference } = ctx.models;
  // A submission that lost a race already holds a number: reuse it rather than leave a gap.
  const held = await PilotReference.findOne({ pilotId });
  if (held) return held._id;
  const series = `${agencyCode}-${ctx.now().getUTCFullYear()}`;
  let n = (await PilotReference.findOne({ series }).sort({ n: -1 }))?.n ?? 0;
  for (let attempt = 0; attempt < 500; attempt++) {
    n += 1;
    const reference = referenceOf(series, n);
    try {
      await PilotReference.create({ _id: reference, series, n, pilotId });
      return reference;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Either the number is taken, or a concurrent submission of this same pilot reserved one first
      // (pilotId is unique too): then that one is this pilot's number.
      const mine = await PilotReference.findOne({ pilotId });
      if (mine) return mine._id;
    }
  }
  throw problems.unavailable('No reference number could be allocated; try again.', { headers: { 'Retry-After': '1' } });
}
