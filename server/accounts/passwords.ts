import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import bcrypt from 'bcrypt';
import { z } from 'zod';

// zxcvbn's estimate of guesses, with its common-password and English dictionaries and keyboard graphs.
zxcvbnOptions.setOptions({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
});
/** The least zxcvbn score (0–4) a password needs: 3 is "safely unguessable" against online attacks and most offline ones. */
export const MIN_PASSWORD_SCORE = 3;

// bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused.
const MAX_BYTES = 72;
const COMMON = new Set([
  'password1234',
  'password12345',
  '123456789012',
  '1234567890',
  'qwertyuiop12',
  'qwertyuiop',
  'iloveyou1234',
  'admin1234567',
  'letmein12345',
  'welcome12345',
  'abc123456789',
  '1q2w3e4r5t6y',
  'matkhau12345',
  'matkhau123456',
]);

/** The password policy: 10+ characters, at most 72 bytes, not common, and hard to guess by zxcvbn's estimate. */
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_BYTES, `must be at most ${MAX_BYTES} bytes`)
  .refine((p) => new Set(p).size >= 5, 'must use at least 5 different characters')
  .refine((p) => !COMMON.has(p.toLowerCase()), 'is too common')
  .refine(
    (p) => Buffer.byteLength(p, 'utf8') > MAX_BYTES || zxcvbn(p).score >= MIN_PASSWORD_SCORE,
    'is too easy to guess: use a longer phrase of several words',
  );

export const hashPassword = (password: string, cost: number) => bcrypt.hash(password, cost);
export const checkPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

// Compared against when the e-mail is unknown, so a miss costs as long as a hit and does not reveal accounts.
const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKcEeO1Wl2pGuQ9rVxh2wU0Vj5c0pDSs3aKZK';
export const burnPasswordCheck = (password: string) => bcrypt.compare(password, DUMMY_HASH);
