import path from 'node:path';
import mongoose from 'mongoose';
import { createRedressServer } from '../app';
import { startEmbeddedDb } from '../platform/db/embedded';
import { loadEnv } from '../platform/env';
import { seedDemo, DEMO_PASSWORD } from './seed';

/** `npm run seed`: drop the database and create the demo data again (refused in production). */
async function run(): Promise<void> {
  const env = { ...loadEnv(), JOBS_ENABLED: false };
  if (env.NODE_ENV === 'production') throw new Error('npm run seed wipes the database and is refused in production');
  const root = path.resolve(__dirname, '../../..');
  const embedded = env.MONGODB_URI
    ? null
    : await startEmbeddedDb({ dataDir: path.resolve(root, env.DATA_DIR), engine: env.EMBEDDED_DB_ENGINE, log: console.log });
  const uri = env.MONGODB_URI ?? embedded!.uri;
  const conn = await mongoose.createConnection(uri, { dbName: 'redress' }).asPromise();
  await conn.dropDatabase();
  await conn.close();
  const server = await createRedressServer({ env, mongoUri: uri, dbName: 'redress', smtpUrl: env.SMTP_URL ?? `smtp://127.0.0.1:${env.MAIL_CATCHER_PORT}` });
  const result = await seedDemo();
  server.services.logger.info(`demo data re-created; logins (password "${DEMO_PASSWORD}"):`);
  for (const l of result.logins) server.services.logger.info(`  ${l.role.padEnd(10)} ${l.email}`);
  await server.close();
  await embedded?.stop();
}

run().catch((err: Error) => {
  process.stderr.write(`redress: seed failed: ${err.message}\n`);
  process.exit(1);
});
