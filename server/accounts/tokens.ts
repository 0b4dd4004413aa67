// Access tokens: short-lived HS256 JWTs with a key id (for rotation), issuer and audience. The algorithm
// is pinned on verification, so `alg: none` and RS/HS key confusion are refused before any signature check.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config, JwtKey } from '../config.ts';
import { problems } from '../errors.ts';

const ALGORITHM = 'HS256';

export interface AccessClaims {
  sub: string;
  sid: string;
  role: string;
}

export function signAccessToken(config: Config, claims: AccessClaims, now: Date): string {
  const { current, issuer, audience, accessTtlSeconds } = config.jwt;
  const iat = Math.floor(now.getTime() / 1000);
  return jwt.sign({ ...claims, iat, exp: iat + accessTtlSeconds }, current.secret, {
    algorithm: ALGORITHM,
    keyid: current.kid,
    issuer,
    audience,
    jwtid: randomUUID(),
  });
}

function keyFor(config: Config, kid: unknown): JwtKey | undefined {
  return [config.jwt.current, ...config.jwt.previous].find((k) => k.kid === kid);
}

export function verifyAccessToken(config: Config, token: string, now: Date): AccessClaims {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object' || decoded.header.alg !== ALGORITHM) {
    throw problems.invalidToken();
  }
  const key = keyFor(config, decoded.header.kid);
  if (!key) throw problems.invalidToken();
  try {
    const payload = jwt.verify(token, key.secret, {
      algorithms: [ALGORITHM],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
    if (
      typeof payload !== 'object' ||
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      typeof payload.role !== 'string' ||
      // A token without an expiry would be good for ever: ours always carry one, so one without is forged.
      typeof payload.exp !== 'number'
    ) {
      throw new Error('missing claims');
    }
    return { sub: payload.sub, sid: payload.sid, role: payload.role };
  } catch {
    throw problems.invalidToken();
  }
}

/**
 * The refresh token that follows `token`: derived from it with the server's key, so two refreshes of one
 * token racing each other (two tabs) compute the same successor and neither is mistaken for a replay.
 */
export function successorToken(config: Config, token: string): { token: string; hash: string } {
  const next = createHmac('sha256', config.jwt.current.secret)
    .update(`refresh-successor\n${token}`)
    .digest('base64url');
  return { token: next, hash: hashRefreshToken(next) };
}

/** Opaque refresh tokens: 256 random bits; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');
