import path from 'node:path';
import { createRedressServer } from './app';
import { startEmbeddedDb, type EmbeddedDb } from './platform/db/embedded';
import { ConfigError, loadEnv } from './platform/env';
import { createLogger } from './platform/logger';
import { startMailCatcher, type MailCatcher } from './platform/mail/catcher';
import { seedIfEmpty } from './seed/seed';
import { capacityWarning, declareEmbeddedEngine, storeStatus } from './modules/complaints/storeStatus';

/** INBOUND_SMTP_PORT when unset in development (not 25: that needs root). */
const DEV_INBOUND_SMTP_PORT = 2525;

/** Print one line and exit: start-up failures are the operator's to fix, not stack traces. */
function die(line: string, code = 1): never {
  process.stderr.write(`redress: ${line}\n`);
  process.exit(code);
}

/** The embedded database once started: every way out of start-up stops it first. */
let embedded: EmbeddedDb | null = null;

/** die(), after stopping the embedded database (it is also tied to this process, see tiedSpawn.ts). */
async function fail(line: string, close?: () => Promise<void>): Promise<never> {
  await close?.().catch(() => undefined);
  await embedded?.stop().catch(() => undefined);
  return die(line);
}

async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`redress: invalid configuration: ${p}\n`);
      process.exit(78);
    }
    throw err;
  }
  // The email channel is on by default in development, so complaints by email work out of the box.
  if (env.INBOUND_SMTP_PORT === undefined && env.NODE_ENV === 'development') env = { ...env, INBOUND_SMTP_PORT: DEV_INBOUND_SMTP_PORT };
  const logger = createLogger(env.LOG_LEVEL);
  const root = path.resolve(__dirname, '../..');

  let mongoUri = env.MONGODB_URI;
  if (!mongoUri) {
    embedded = await startEmbeddedDb({ dataDir: path.resolve(root, env.DATA_DIR), engine: env.EMBEDDED_DB_ENGINE, log: (line) => logger.info(line) }).catch(
      (err: Error) => die(`could not start the embedded database: ${err.message.split('\n')[0]} (see README, Troubleshooting)`),
    );
    mongoUri = embedded.uri;
    logger.info({ engine: embedded.engine, uri: embedded.uri, data: embedded.dataDir }, `embedded database: ${embedded.engine}, data in ${embedded.dataDir}`);
  }

  declareEmbeddedEngine(embedded?.engine ?? null);
  let catcher: MailCatcher | null = null;
  const server = await createRedressServer({
    env,
    mongoUri,
    dbName: 'redress',
    smtpUrl: env.SMTP_URL ?? `smtp://127.0.0.1:${env.MAIL_CATCHER_PORT}`,
    logger,
    holdReadiness: true,
  }).catch((err: Error) => fail(`could not connect to MongoDB at ${redact(mongoUri!)}: ${err.message.split('\n')[0]}`));
  if (!env.SMTP_URL) {
    catcher = await startMailCatcher(env.MAIL_CATCHER_PORT).catch((err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? `mail catcher port ${env.MAIL_CATCHER_PORT} is already in use (set MAIL_CATCHER_PORT or SMTP_URL)` : err.message, () =>
        server.close(),
      ),
    );
  }

  const port = await server.listen(env.PORT).catch((err: NodeJS.ErrnoException & { port?: number }) => {
    const taken = err.port ?? env.PORT;
    const which =
      taken === env.PORT
        ? `port ${taken} is already in use (set PORT to another one)`
        : `email channel port ${taken} is already in use (set INBOUND_SMTP_PORT)`;
    return fail(err.code === 'EADDRINUSE' ? which : err.message, async () => {
      await catcher?.close();
      await server.close();
    });
  });

  const seeded = env.SEED_DEMO ? await seedIfEmpty(env) : null;
  const url = env.PUBLIC_URL ?? `http://localhost:${port}`;
  if (catcher) logger.info(`mail catcher on smtp://127.0.0.1:${catcher.port}; read caught mail at ${url}/dev/mail`);
  const inboundPort = server.inboundSmtpPort();
  if (inboundPort !== null) logger.info(`email channel: mail to *@${env.INBOUND_MAIL_DOMAIN} on smtp://${env.HOST}:${inboundPort} opens complaints`);
  if (seeded) {
    logger.info('demo data created; demo logins (password "redress-demo"):');
    for (const l of seeded.logins) logger.info(`  ${l.role.padEnd(10)} ${l.email}`);
  }
  // Ready only now: /readyz said 503 "starting" while the demo data and logins were being created.
  server.markReady();
  // Last start-up line on purpose: whoever waits for it (people, scripts, tests) has read everything above.
  const capacity = capacityWarning(await storeStatus());
  if (capacity) logger.warn(capacity);
  logger.info(`Redress is up at ${url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    await server.close();
    await catcher?.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

main().catch((err: Error) => fail(err.message));
