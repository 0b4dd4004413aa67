// If-Match with the pilot's ETag ("<version>"). Absent or `*`: the server still refuses to apply two
// actions to one version (the ledger's unique version key), it just answers 409 instead of 412.
import type { Request } from 'express';
import { problems } from '../server/errors.ts';

export function ifMatchVersion(req: Request): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw problems.preconditionFailed('If-Match must be the ETag of the pilot, e.g. "3".');
  return Number(match[1]);
}
