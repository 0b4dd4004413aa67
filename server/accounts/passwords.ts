import bcrypt from 'bcrypt';
import { z } from 'zod';

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

/** The minimum password policy: 10+ characters, at most 72 bytes, not trivially guessable. */
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_BYTES, `must be at most ${MAX_BYTES} bytes`)
  .refine((p) => new Set(p).size >= 5, 'must use at least 5 different characters')
  .refine((p) => !COMMON.has(p.toLowerCase()), 'is too common');

export const hashPassword = (password: string, cost: number) => bcrypt.hash(password, cost);
export const checkPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

// Compared against when the e-mail is unknown, so a miss costs as long as a hit and does not reveal accounts.
const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKcEeO1Wl2pGuQ9rVxh2wU0Vj5c0pDSs3aKZK';
export const burnPasswordCheck = (password: string) => bcrypt.compare(password, DUMMY_HASH);
