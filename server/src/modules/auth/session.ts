import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import MongoStore from 'connect-mongo';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { MongoClient, type Collection } from 'mongodb';
import mongoose from 'mongoose';
import type { Role } from '@redress/shared';
import type { SocketGrant } from '../../platform/realtime/realtime';
import { socketRoomsFor } from './auth.policy';
import { errors } from '../../platform/errors';
import { monitorClient } from '../../platform/db/commandMonitor';
import { clientOptions } from '../../platform/db/connection';
import { User, type UserDoc } from './user.model';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    sessionVersion: number;
    csrfToken: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: UserDoc;
  }
}

export const SESSION_COOKIE = 'redress.sid';

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Delete expired sessions with an acknowledged write. (connect-mongo's own 'interval' sweep sends
 * an unacknowledged `w: 0` delete, which FerretDB 1.x answers anyway: the stray reply is then read
 * as the answer to the connection's next command, so a session touch "finds" nothing and the next
 * find fails with 'BSON element "cursor" is missing'.) FerretDB has no TTL indexes, hence a sweep.
 */
export async function sweepExpiredSessions(sessions: Collection): Promise<number> {
  const { deletedCount } = await sessions.deleteMany({ expires: { $lt: new Date() } });
  return deletedCount;
}

/** Sessions live in MongoDB so every server process (and a restart) sees them. */
export function createSessionMiddleware(opts: {
  secret: string;
  ttlHours: number;
  secureCookies: boolean;
  mongoUri: string;
  dbName?: string;
  /** DB_WAIT_MS: like the main connection, fail fast (503) while the database is away. */
  waitMs?: number;
  onSweepError?: (err: unknown) => void;
}): {
  middleware: RequestHandler;
  /** Run the expired-session sweep now (it also runs every ten minutes). */
  sweep(): Promise<number>;
  /** A stored session by id; null when it was destroyed or has expired. */
  lookup(sessionId: string): Promise<Partial<session.SessionData> | null>;
  close(): Promise<void>;
} {
  const dbName = opts.dbName ?? mongoose.connection.db?.databaseName;
  const collectionName = 'sessions';
  // One client for the store and the sweep, with the main connection's timeouts (not the driver's
  // 30 s): a request carrying a session cookie reads its session first, before anything else.
  const client = new MongoClient(opts.mongoUri, { ...clientOptions(opts.waitMs), monitorCommands: true });
  monitorClient(client);
  const collection = client.db(dbName).collection(collectionName);
  const store = MongoStore.create({
    // connect-mongo resolves its own copy of the driver (same major): only the type differs.
    client: client as unknown as Parameters<typeof MongoStore.create>[0]['client'],
    dbName,
    collectionName,
    autoRemove: 'disabled',
    stringify: false,
    ttl: opts.ttlHours * 3600,
    // Extend a session's expiry in the store at most once a minute, not on every request: a
    // database round trip saved per staff request (the cookie still rolls on each response).
    touchAfter: 60,
  });
  const sweep = () => sweepExpiredSessions(collection);
  const timer = setInterval(() => void sweep().catch((err: unknown) => opts.onSweepError?.(err)), SWEEP_EVERY_MS);
  timer.unref();
  const middleware = session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    store,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: opts.ttlHours * 3600 * 1000 },
  });
  return {
    middleware,
    sweep,
    lookup: (sessionId) =>
      new Promise((resolve, reject) =>
        store.get(sessionId, (err, data) => (err ? reject(err as Error) : resolve((data as Partial<session.SessionData> | null) ?? null))),
      ),
    close: async () => {
      clearInterval(timer);
      await store.close();
    },
  };
}

/** Start a session for a user who just proved their password (new id: no fixation). */
export function beginSession(req: Request, user: UserDoc): Promise<string> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = user.id;
      req.session.sessionVersion = user.sessionVersion;
      req.session.csrfToken = randomBytes(24).toString('base64url');
      req.session.save((e) => (e ? reject(e) : resolve(req.session.csrfToken!)));
    });
  });
}

export function endSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}

/** The active user behind a session, or null when absent, deactivated or revoked. */
export async function userFromSession(s: Partial<session.SessionData> | undefined): Promise<UserDoc | null> {
  if (!s?.userId || !mongoose.isValidObjectId(s.userId)) return null;
  const user = await User.findById(s.userId);
  if (!user || !user.active || user.sessionVersion !== s.sessionVersion) return null;
  return user;
}

/** Attach req.user when the session is valid; never rejects. */
export const loadUser: RequestHandler = (req, _res, next) => {
  userFromSession(req.session)
    .then((u) => {
      if (u) req.user = u;
      next();
    })
    .catch(next);
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Require a signed-in user (optionally one of `roles`) and, for state-changing requests, the
 * session's CSRF token in the X-CSRF-Token header (synchroniser-token pattern).
 */
export function requireUser(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(errors.unauthorized());
    if (!safeMethods.has(req.method) && req.get('x-csrf-token') !== req.session.csrfToken) return next(errors.csrf());
    if (roles.length && !roles.includes(req.user.role)) return next(errors.forbidden());
    next();
  };
}

/** What a session grants a socket now: its user's identity and rooms, and when it expires; null when ended. */
export async function socketGrant(s: Partial<session.SessionData> | null | undefined): Promise<SocketGrant | null> {
  const user = await userFromSession(s ?? undefined);
  if (!user) return null;
  const expires = s?.cookie?.expires;
  return {
    identity: { userId: user.id, name: user.name, role: user.role, rooms: socketRoomsFor(user) },
    expiresAt: expires ? new Date(expires) : null,
  };
}

/** Socket.IO handshake: same session cookie, same revocation rules. */
export async function identityFromHandshake(req: IncomingMessage): Promise<(SocketGrant & { sessionId: string }) | null> {
  const r = req as IncomingMessage & { session?: Partial<session.SessionData>; sessionID?: string };
  if (!r.sessionID) return null;
  const grant = await socketGrant(r.session);
  return grant && { ...grant, sessionId: r.sessionID };
}
