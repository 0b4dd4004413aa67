// Development secrets: generated on first start and kept under the data directory (mode 0600), so tokens
// survive restarts without anyone having to invent a secret. Production never reaches this file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface DevSecrets {
  jwtSecret: string;
  jwtKeyId: string;
  /** Ed25519 seed (base64) that signs ledger checkpoints. */
  ledgerSeed: string;
}

export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'secrets', 'dev-secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (typeof stored.jwtSecret === 'string' && stored.jwtSecret.length >= 32 && typeof stored.jwtKeyId === 'string') {
      if (typeof stored.ledgerSeed === 'string') {
        return { jwtSecret: stored.jwtSecret, jwtKeyId: stored.jwtKeyId, ledgerSeed: stored.ledgerSeed };
      }
      // An older file without a ledger key: keep its JWT secret, add the key.
      const upgraded = {
        jwtSecret: stored.jwtSecret,
        jwtKeyId: stored.jwtKeyId,
        ledgerSeed: randomBytes(32).toString('base64'),
      };
      fs.writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
      return upgraded;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    jwtKeyId: `dev-${randomBytes(4).toString('hex')}`,
    ledgerSeed: randomBytes(32).toString('base64'),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': if another process (a second instance, a test worker) wrote the file first, use theirs.
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadDevSecrets(dataDir);
    throw err;
  }
  return secrets;
}
