// npm run admin:create -- --email E --password P [--name N]
// Creates a platform admin in the database the app would use (MONGODB_URI, or the embedded one under DATA_DIR).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createUser } from '../server/accounts/admin.ts';
import { emailSchema } from '../server/accounts/email.ts';
import { passwordSchema } from '../server/accounts/passwords.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { connectDatabase, databaseUri } from '../server/db/connection.ts';
import { NoDatabaseError, provisionDatabase } from '../server/db/embedded.ts';
import { Problem } from '../server/errors.ts';
import { registerModels } from '../models/index.ts';

const argsSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).default('Administrator'),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const args = argsSchema.safeParse(values);
  if (!args.success) {
    console.error('Usage: npm run admin:create -- --email E --password P [--name N]');
    for (const issue of args.error.issues) console.error(`  --${issue.path.join('.')}: ${issue.message}`);
    return 2;
  }
  const config = loadConfig(process.env);
  const database = await provisionDatabase(config, {
    dbDir: path.join(config.dataDir, 'db'),
    log: (m) => console.error(m),
  });
  try {
    const conn = await connectDatabase(config, databaseUri(database.uri, 'sandbox_registry'));
    const models = registerModels(conn);
    await models.User.init();
    const user = await createUser({ config, models }, { ...args.data, role: 'admin' });
    console.log(`Admin created: ${user.email} (id ${user.id})`);
    await conn.close();
    return 0;
  } catch (err) {
    if (err instanceof Problem) {
      console.error(`Not created: ${err.detail}`);
      return 1;
    }
    throw err;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError || err instanceof NoDatabaseError ? err.message : err);
    process.exit(1);
  },
);
