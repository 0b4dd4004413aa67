// The state a verifier keeps between runs: the last checkpoint it verified, so the next run can ask for
// a consistency proof and detect any rewrite of history (DESIGN §3, "Checkpoints").
import { z } from 'zod';
import { openNote, parseCheckpoint } from './signed-note.ts';
import { toBase64 } from './bytes.ts';
import { CannotVerify, describeIssues, reason } from './verifier-api.ts';

export const verifierStateSchema = z.object({
  vkey: z.string(),
  origin: z.string(),
  size: z.number().int().nonnegative(),
  rootHash: z.string(),
  checkpoint: z.string(),
  verifiedAt: z.string(),
});
export type VerifierState = z.infer<typeof verifierStateSchema>;

/** Reads a state file's text. Its numbers must be those of its own signed note, so a hand edit cannot weaken the next check. */
export function parseVerifierState(text: string): VerifierState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CannotVerify('the state file is not JSON');
  }
  const parsed = verifierStateSchema.safeParse(json);
  if (!parsed.success) throw new CannotVerify(`the state file is malformed (${describeIssues(parsed.error)})`);
  const state = parsed.data;
  let saved: ReturnType<typeof parseCheckpoint>;
  try {
    saved = parseCheckpoint(openNote(state.checkpoint, state.vkey).body);
  } catch (error) {
    throw new CannotVerify(`the checkpoint in the state file does not open with its key: ${reason(error)}`);
  }
  if (saved.origin !== state.origin || saved.size !== state.size || toBase64(saved.root) !== state.rootHash) {
    throw new CannotVerify('the origin, size or root in the state file differ from its signed checkpoint');
  }
  return state;
}
