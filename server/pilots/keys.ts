// How a pilot is named: its opaque id (an ObjectId, from creation), its reference number (from its first
// submission: <AGENCY>-<YEAR>-<NNNN>, e.g. SBV-2025-0042) and the ledger key its entries are counted under.

const PILOT_ID = /^[0-9a-f]{24}$/;
const REFERENCE = /^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{4,}$/;
const KEY_PREFIX = 'pilot:';

export const isPilotId = (text: string) => PILOT_ID.test(text);
export const isReference = (text: string) => REFERENCE.test(text);

/** The ledger key (LedgerEntry.subject) of a pilot's entries, stable while its public subject changes. */
export const pilotKey = (id: string) => `${KEY_PREFIX}${id}`;

/** The pilot id a ledger key names, or null for another kind of subject. */
export function pilotIdOfKey(key: string): string | null {
  const id = key.startsWith(KEY_PREFIX) ? key.slice(KEY_PREFIX.length) : null;
  return id !== null && isPilotId(id) ? id : null;
}
