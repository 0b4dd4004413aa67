// The verifier's anchor: the log's published key and its latest signed checkpoint (DESIGN §3,
// "Checkpoints"). `npm run verify` and the ledger pages' Verify buttons read and check them with these
// same functions; failures are VerificationFailures worded "key: …" or "checkpoint: …".
import { sameBytes, toHex } from './bytes.ts';
import type { Hash } from './merkle.ts';
import {
  openNote,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  signaturesBy,
  type NoteSignature,
  type VerifierKey,
} from './signed-note.ts';
import { VerificationFailure, get, getJson, keyAnswer, reason, type Api } from './verifier-api.ts';

export interface PublishedKey extends VerifierKey {
  vkey: string;
}

/** The checkpoint as served: the signed note and what its text says. Nothing of it is verified yet. */
export interface ServedCheckpoint {
  note: string;
  signatures: NoteSignature[];
  origin: string;
  size: number;
  root: Hash;
}

/**
 * The published key: a well-formed C2SP vkey whose key ID is that of the key it carries (the parse
 * checks it), and whose key is the one the answer gives as `publicKey`.
 */
export async function fetchKey(api: Api): Promise<PublishedKey> {
  const answer = await getJson(api, 'key', keyAnswer, 'key');
  let key: VerifierKey;
  try {
    key = parseVerifierKey(answer.vkey);
  } catch (error) {
    throw new VerificationFailure(`key: ${reason(error)}`);
  }
  if (!sameBytes(key.publicKey, answer.publicKey))
    throw new VerificationFailure('key: publicKey is not the key inside vkey');
  return { ...key, vkey: answer.vkey };
}

/** The latest checkpoint: a signed note (C2SP signed-note) whose text is a tlog-checkpoint. */
export async function fetchCheckpoint(api: Api): Promise<ServedCheckpoint> {
  const note = await get(api, 'checkpoint');
  try {
    const { body, signatures } = parseNote(note);
    const { origin, size, root } = parseCheckpoint(body);
    return { note, signatures, origin, size, root };
  } catch (error) {
    throw new VerificationFailure(`checkpoint: ${reason(error)}`);
  }
}

/** The checkpoint carries a signature line by the key: its name and key ID (signed-note §Signatures). */
export function checkSignedBy(checkpoint: ServedCheckpoint, key: PublishedKey): void {
  if (signaturesBy(checkpoint.signatures, key).length === 0) {
    throw new VerificationFailure(`checkpoint: the note has no signature by key ${key.name}+${toHex(key.keyId)}`);
  }
}

/** Every signature of the key on the checkpoint verifies (Ed25519 over the note's text). */
export function checkSignature(checkpoint: ServedCheckpoint, key: PublishedKey): void {
  try {
    openNote(checkpoint.note, key.vkey);
  } catch (error) {
    throw new VerificationFailure(`checkpoint: ${reason(error)}`);
  }
}
