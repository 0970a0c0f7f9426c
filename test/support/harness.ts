import { randomBytes } from 'node:crypto';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Clock } from '@redress/shared';
import { createRedressServer, type RedressServer } from '../../server/src/app';
import { loadEnv } from '../../server/src/platform/env';
import { CaughtMail, startMailCatcher, type MailCatcher } from '../../server/src/platform/mail/catcher';
import { settleAfterRequests } from './settle';

export interface TestServer {
  url: string;
  port: number;
  dbName: string;
  mongoUri: string;
  server: RedressServer;
  catcher: MailCatcher;
  /** The email channel's SMTP port when env INBOUND_SMTP_PORT was given (use '0' for a free one), else null. */
  inboundPort: number | null;
  /** Wait until the catcher has received a mail matching `match` (polls the caught_mail collection). */
  waitForMail(match: (m: CaughtMailRecord) => boolean, timeoutMs?: number): Promise<CaughtMailRecord>;
  caughtMail(): Promise<CaughtMailRecord[]>;
  /** Wait until the change feed has handled everything this server was told of (see settleAfterRequests). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface CaughtMailRecord {
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  from?: string | null;
  to: string[];
  subject: string;
  text: string;
}

/** The test database server started by globalSetup. */
export function testMongoUri(): string {
  const uri = process.env.REDRESS_TEST_MONGODB_URI;
  if (!uri) throw new Error('REDRESS_TEST_MONGODB_URI is not set: run tests through jest (globalSetup)');
  return uri;
}

/** A database name unique to this test file and run. */
export function uniqueDbName(label = expect.getState().testPath ?? 'test'): string {
  const base = path
    .basename(label)
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-zA-Z0-9]/g, '_')
    .slice(0, 30);
  return `t_${base}_${randomBytes(4).toString('hex')}`;
}

export interface TestServerOptions {
  clock?: Clock;
  env?: Record<string, string>;
  /** Start the background jobs (outbox, sweeps); off by default so tests drive them explicitly. */
  jobs?: boolean;
  dbName?: string;
}

/**
 * A real Redress server on a free loopback port, on a fresh database, with a real SMTP catcher.
 * Only one per test file (the services registry is per process).
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const mongoUri = testMongoUri();
  const dbName = opts.dbName ?? uniqueDbName();
  const catcher = await startMailCatcher(0);
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    JOBS_ENABLED: opts.jobs ? 'true' : 'false',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000',
    SESSION_SECRET: 'test-session-secret-0123456789',
    DB_SLOW_MS: process.env.DB_SLOW_MS ?? '0',
    // Remedy emails go out at the next delivery (tests drive deliverDueMail themselves).
    REMEDY_MAIL_HOLD_SECONDS: '0',
    ...opts.env,
  });
  const server = await createRedressServer({ env, mongoUri, dbName, smtpUrl: catcher.url, clock: opts.clock });
  const settle = () => server.feed.idle();
  settleAfterRequests(settle);
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  server.services.publicUrl = url;
  const caughtMail = async () => (await CaughtMail.find().sort({ receivedAt: 1 }).lean()) as unknown as CaughtMailRecord[];
  return {
    url,
    port,
    dbName,
    mongoUri,
    server,
    catcher,
    inboundPort: server.inboundSmtpPort(),
    caughtMail,
    settle,
    async waitForMail(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = (await caughtMail()).find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error('expected mail did not arrive');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      settleAfterRequests(null);
      await server.close();
      await catcher.close();
      if (mongoose.connection.readyState === 0) {
        const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
        await conn.dropDatabase().catch(() => undefined);
        await conn.close();
      }
    },
  };
}

/** A controllable clock for time-dependent tests. */
export class FakeClock implements Clock {
  constructor(private t: Date = new Date()) {}
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date): void {
    this.t = new Date(t);
  }
  advance(ms: number): Date {
    this.t = new Date(this.t.getTime() + ms);
    return this.now();
  }
}
