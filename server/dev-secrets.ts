// Development secrets: generated on first start and kept under the data directory (mode 0600), so tokens
// survive restarts without anyone having to invent a secret. Production never reaches this file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface DevSecrets {
  jwtSecret: string;
  jwtKeyId: string;
}

export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'secrets', 'dev-secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (typeof stored.jwtSecret === 'string' && stored.jwtSecret.length >= 32 && typeof stored.jwtKeyId === 'string') {
      return { jwtSecret: stored.jwtSecret, jwtKeyId: stored.jwtKeyId };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    jwtKeyId: `dev-${randomBytes(4).toString('hex')}`,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
