// The registry the fuzzer talks to: started in-process on a throw-away data directory and a fresh
// database (the embedded server, or MONGODB_URI's server), loaded with the demo data set through the
// real API (scripts/seed/), and signed in as each kind of caller the access rules tell apart.
import { randomBytes } from 'node:crypto';
import { createUser } from '../../server/accounts/admin.ts';
import { startThrowawayRegistry } from '../lib/throwaway-registry.ts';
import { RegistryClient } from '../seed/client.ts';
import { BUSINESSES, DEMO_PASSWORD } from '../seed/data.ts';
import { seedRegistry } from '../seed/story.ts';
import { knownData, type KnownData } from './known-data.ts';

/** A caller the fuzzer impersonates: `token` is undefined for the anonymous public. */
export interface FuzzRole {
  name: string;
  description: string;
  token?: string;
  /** A second session of the same account, spent by the logout pass (logging out ends a session). */
  spareToken?: string;
}

/** What the server saw, counted as it answered: the fuzzer's claims are checked against this. */
export interface Tally {
  requests: number;
  serverErrors: number;
}

export interface FuzzRegistry {
  url: string;
  roles: FuzzRole[];
  tally: Tally;
  /** Identifiers of the records the seed made, for the fuzzer to use beside generated ones. */
  known: KnownData;
  stop(): Promise<void>;
}

/** The callers the access rules tell apart, in the order the fuzzer plays them. */
export const ROLE_NAMES = ['anonymous', 'business', 'regulator', 'other-regulator', 'admin'] as const;

// The business whose pilots the State Bank supervises, and an agency that supervises none of them.
const BUSINESS = BUSINESSES[0];
const SUPERVISOR = 'SBV';
const OTHER_AGENCY = 'MOH';

export async function startFuzzRegistry(log: (line: string) => void): Promise<FuzzRegistry> {
  const tally: Tally = { requests: 0, serverErrors: 0 };
  const registry = await startThrowawayRegistry({
    name: 'fuzz',
    // The fuzzer signs in and registers far more often than a person would: raised limits keep its
    // answers about the input rather than about 429 (the document lists 429 on those routes anyway).
    env: { RATE_LIMIT_LOGIN: '1000000', RATE_LIMIT_REGISTER: '1000000', ACCESS_TOKEN_TTL_SECONDS: '3600' },
    log,
    // Counts every answer at the server itself, as a check on Schemathesis' own figures.
    listener: (app) => (req, res) => {
      res.once('close', () => {
        tally.requests += 1;
        if (res.statusCode >= 500) tally.serverErrors += 1;
      });
      app(req, res);
    },
  });
  const { ctx, url, stop } = registry;
  try {
    const adminEmail = `admin.${randomBytes(3).toString('hex')}@fuzz.sandbox-registry.vn`;
    await createUser(ctx, { email: adminEmail, password: DEMO_PASSWORD, name: 'Fuzz administrator', role: 'admin' });
    const api = new RegistryClient(url);
    const seeded = await seedRegistry(api, await api.login(adminEmail, DEMO_PASSWORD), log);
    const emailOf = (role: string, of: string) => {
      const account = seeded.accounts.find((a) => a.role === role && a.of === of);
      if (!account) throw new Error(`the seed made no ${role} account of ${of}`);
      return account.email;
    };
    const signIn = async (name: string, description: string, email: string): Promise<FuzzRole> => ({
      name,
      description,
      token: await api.login(email, DEMO_PASSWORD),
      spareToken: await api.login(email, DEMO_PASSWORD),
    });
    const roles = [
      { name: 'anonymous', description: 'no token' },
      await signIn('business', `a member of ${BUSINESS.name}`, emailOf('business', BUSINESS.name)),
      await signIn(
        'regulator',
        `a regulator of ${SUPERVISOR}, which supervises that business's pilots`,
        emailOf('regulator', SUPERVISOR),
      ),
      await signIn(
        'other-regulator',
        `a regulator of ${OTHER_AGENCY}, which does not`,
        emailOf('regulator', OTHER_AGENCY),
      ),
      await signIn('admin', 'a platform administrator', adminEmail),
    ];
    return { url, roles, tally, known: await knownData(ctx), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
