import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import helmet from 'helmet';
import mongoose from 'mongoose';
import { pinoHttp } from 'pino-http';
import { systemClock, type Clock } from '@redress/shared';
import { setServices, type Services } from './platform/context';
import { connectDatabase, databaseAnswers } from './platform/db/connection';
import { reportSlowCommands } from './platform/db/commandMonitor';
import { declareOtherProcesses } from './platform/db/serially';
import type { Env } from './platform/env';
import { apiNotFound, errorHandler } from './platform/http/errorHandler';
import { rejectOperatorKeys } from './platform/http/validate';
import { defaultJsonLimits, jsonBody } from './platform/http/jsonBody';
import { trackInFlight } from './platform/http/inFlight';
import { createRateLimitStores } from './platform/http/rateLimit';
import { JobRunner } from './platform/jobs/runner';
import { createLogger, type Logger } from './platform/logger';
import { createSmtpMailer } from './platform/mail/mailer';
import { createRealtime } from './platform/realtime/realtime';
import { createSessionMiddleware, identityFromHandshake, loadUser, socketGrant } from './modules/auth/session';
import { backgroundJobs, feedSubscribers, mountApi, onSocketConnection, webhookJob } from './routes';
import { onWebhookKick } from './modules/integrations/webhookSignal';
import { FeedDispatcher } from './modules/complaints/feed/feedDispatcher';
import { loadTrackingSecret } from './modules/complaints/tracking';
import { ensureDefaultCategories } from './modules/complaints/category.model';
import { upgradeRollupLayout } from './modules/analytics/rebuild';
import { startInboundMail, type InboundMail } from './modules/notifications/inbound/inboundSmtp';

export interface RedressServerOptions {
  env: Env;
  mongoUri: string;
  dbName?: string;
  smtpUrl: string;
  logger?: Logger;
  clock?: Clock;
  /**
   * /readyz answers 503 `starting` until markReady() is called (main.ts: once the demo data and
   * logins exist). Without it the server is ready as soon as it is created (tests, benches).
   */
  holdReadiness?: boolean;
}

export interface RedressServer {
  app: express.Express;
  httpServer: http.Server;
  services: Services;
  jobs: JobRunner;
  /** The change feed's dispatcher in this process (started unless FEED_ENABLED=false). */
  feed: FeedDispatcher;
  listen(port: number, host?: string): Promise<number>;
  /** Start-up is finished: /readyz may answer 200 (see RedressServerOptions.holdReadiness). */
  markReady(): void;
  /** Port of the email channel's SMTP listener once listen() started it (INBOUND_SMTP_PORT set), else null. */
  inboundSmtpPort(): number | null;
  close(): Promise<void>;
}

const clientDist = path.resolve(__dirname, '../../client/dist');

/**
 * The built client: each file as the .br or .gz written beside it at build time when the browser
 * accepts that (Content-Encoding, Vary: Accept-Encoding, the original's Content-Type), else as is.
 * Files under /assets have a content hash in their name, so browsers keep them a year without
 * asking again; index.html (which names the current hashes) is revalidated on every visit. A
 * missing asset is a 404, not the app's page (a stale tab asking for an old chunk gets an error
 * it can handle, not HTML parsed as JavaScript).
 */
function serveClient(app: express.Express): void {
  const assets = path.join(clientDist, 'assets') + path.sep;
  app.use(
    expressStaticGzip(clientDist, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        index: false,
        cacheControl: false,
        setHeaders: (res, file) => res.setHeader('Cache-Control', file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache'),
      },
    }),
  );
  app.use('/assets', (_req, res) => void res.status(404).type('text/plain').send('Not found'));
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(clientDist, 'index.html'), { cacheControl: false });
  });
}

/**
 * Requests arrive with X-Forwarded-For but TRUST_PROXY is off: either a forgery (ignored, rightly)
 * or a reverse proxy nobody declared, which makes every client share the proxy's address and its
 * rate limits. Say so once per process, so an operator can tell the second case.
 */
function warnOnceOfUntrustedProxy(logger: Logger): express.RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger.warn(
        { from: req.socket.remoteAddress },
        'X-Forwarded-For ignored: TRUST_PROXY is off. Behind a reverse proxy, set TRUST_PROXY (e.g. loopback) so limits see client addresses',
      );
    }
    next();
  };
}

/** The composition root: database, mail, HTTP, Socket.IO and background jobs, wired once. */
export async function createRedressServer(o: RedressServerOptions): Promise<RedressServer> {
  const { env } = o;
  const logger = o.logger ?? createLogger(env.LOG_LEVEL);
  if (env.DB_SLOW_MS > 0)
    reportSlowCommands(env.DB_SLOW_MS, (c) => logger.warn({ db: c }, `slow database command: ${c.command} ${c.collection ?? ''} ${c.ms} ms`));
  await connectDatabase(o.mongoUri, o.dbName, env.DB_WAIT_MS);
  // Several instances run with REDIS_URL (README): only then is cross-process coordination needed.
  declareOtherProcesses(Boolean(env.REDIS_URL));
  await ensureDefaultCategories();
  await upgradeRollupLayout((msg) => logger.info(msg));

  const app = express();
  app.disable('x-powered-by');
  // Client addresses (rate limits, login throttle, /metrics) come from X-Forwarded-For only when
  // TRUST_PROXY names the proxies in front; by default nobody can forge one, not even on loopback.
  app.set('trust proxy', env.TRUST_PROXY);
  const httpServer = http.createServer(app);
  const sessions = createSessionMiddleware({
    // Without SESSION_SECRET (dev only: production refuses to start) sessions end at restart.
    secret: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    ttlHours: env.SESSION_TTL_HOURS,
    secureCookies: env.NODE_ENV === 'production' && (env.PUBLIC_URL ?? '').startsWith('https:'),
    mongoUri: o.mongoUri,
    dbName: o.dbName,
    waitMs: env.DB_WAIT_MS,
    onSweepError: (err) => logger.warn({ err }, 'expired-session sweep failed'),
  });
  const realtime = await createRealtime({
    httpServer,
    sessionMiddleware: sessions.middleware,
    authenticate: identityFromHandshake,
    recheck: async (sessionId) => socketGrant(await sessions.lookup(sessionId)),
    // Read when a socket connects: tests set services.publicUrl after start.
    allowedOrigins: () => [services.publicUrl],
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    logger,
    onConnection: onSocketConnection,
  });
  const mailer = createSmtpMailer(o.smtpUrl, env.MAIL_FROM);
  const rateLimits = await createRateLimitStores({ redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX, logger });
  const services: Services = {
    env,
    logger,
    clock: o.clock ?? systemClock,
    realtime,
    mailer,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    trackingSecret: await loadTrackingSecret(),
    rateLimits,
  };
  setServices(services);

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  // Ready means usable: start-up done (a first start seeds demo data and logins after listening,
  // so the page is reachable meanwhile, but a load balancer or script must not send users yet).
  let started = !o.holdReadiness;
  app.get('/readyz', async (_req, res) => {
    if (!started) return void res.status(503).json({ status: 'starting' });
    const ok = await databaseAnswers();
    if (!ok) res.setHeader('Retry-After', '5');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unavailable' });
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'connect-src': ["'self'", 'ws:', 'wss:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  app.use(trackInFlight);
  if (env.TRUST_PROXY === false) app.use(warnOnceOfUntrustedProxy(logger));
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' } }));
  // A customer value import carries up to 5000 rows and the shop's order batches up to 1000
  // events (a larger batch is answered 413 by the router); every other body stays small. Depth and
  // key counts are checked before parsing (platform/http/jsonBody.ts).
  app.use('/api/customers/import', jsonBody({ limit: '2mb', shape: { maxDepth: defaultJsonLimits.maxDepth, maxKeys: 100_000 } }));
  app.use('/api/orders/events', jsonBody({ limit: '2mb', shape: { maxDepth: defaultJsonLimits.maxDepth, maxKeys: 100_000 } }));
  app.use(jsonBody({ limit: '100kb' }));
  app.use(rejectOperatorKeys);
  app.use(sessions.middleware);
  app.use(loadUser);
  const feed = new FeedDispatcher({ logger, subscribers: feedSubscribers(), concurrency: env.FEED_CONCURRENCY, retryBaseMs: env.FEED_RETRY_BASE_MS });
  mountApi(app, services, feed);
  app.use('/api', apiNotFound);
  if (existsSync(clientDist)) serveClient(app);
  app.use(errorHandler(logger));

  const jobs = new JobRunner(logger);
  if (env.JOBS_ENABLED) {
    jobs.start(backgroundJobs());
    // A recorded webhook event is sent at once, not at the deliverer's next tick.
    onWebhookKick(() => setImmediate(() => void jobs.runOnce(webhookJob)));
  }
  if (env.FEED_ENABLED) feed.start();

  let inbound: InboundMail | null = null;
  let closing: Promise<void> | null = null;
  return {
    app,
    httpServer,
    services,
    jobs,
    feed,
    async listen(port, host = env.HOST) {
      const bound = await new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const addr = httpServer.address();
          resolve(addr && typeof addr === 'object' ? addr.port : port);
        });
      });
      if (typeof env.INBOUND_SMTP_PORT === 'number' && !inbound) {
        inbound = await startInboundMail({
          port: env.INBOUND_SMTP_PORT,
          host,
          domain: env.INBOUND_MAIL_DOMAIN,
          logger,
          limits: { perSender: env.INBOUND_PER_SENDER_PER_HOUR, perAddress: env.INBOUND_PER_IP_PER_HOUR, windowMs: 3_600_000 },
          authservId: env.INBOUND_AUTHSERV_ID,
        });
      }
      return bound;
    },
    inboundSmtpPort: () => inbound?.port ?? null,
    markReady: () => void (started = true),
    close() {
      // Stop accepting, let in-flight requests finish, then close sockets, jobs, mail and DB.
      closing ??= (async () => {
        await inbound?.close();
        const httpClosed = new Promise<void>((r) => httpServer.close(() => r()));
        await realtime.close();
        httpServer.closeIdleConnections();
        onWebhookKick(null);
        await jobs.stop();
        await feed.stop();
        await Promise.race([httpClosed, new Promise((r) => setTimeout(r, 10_000))]);
        httpServer.closeAllConnections();
        mailer.close();
        await rateLimits.close();
        await sessions.close();
        await mongoose.disconnect();
      })();
      return closing;
    },
  };
}
