/**
 * Entry of a child server process for multi-process tests (see serverProcess.ts): a real Redress
 * server from the environment (MONGODB_URI, TEST_DB_NAME, PORT, REDIS_URL, REDIS_PREFIX,
 * JOBS_ENABLED) with a FileClock when TEST_CLOCK_FILE is set. Prints "READY <port>" when listening.
 */
import { createRedressServer } from '../../server/src/app';
import { loadEnv } from '../../server/src/platform/env';
import { startMailCatcher } from '../../server/src/platform/mail/catcher';
import { FileClock } from './fileClock';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const catcher = await startMailCatcher(0);
  const clockFile = process.env.TEST_CLOCK_FILE;
  const server = await createRedressServer({
    env,
    mongoUri: env.MONGODB_URI!,
    dbName: process.env.TEST_DB_NAME,
    smtpUrl: catcher.url,
    clock: clockFile ? new FileClock(clockFile) : undefined,
  });
  const port = await server.listen(env.PORT, '127.0.0.1');
  process.stdout.write(`READY ${port}\n`);
  const stop = async () => {
    await server.close();
    await catcher.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

main().catch((err: Error) => {
  process.stderr.write(`server process failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
