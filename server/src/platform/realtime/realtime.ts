import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import { socketRooms, type ClientToServerEvents, type ServerToClientEvents, type TrackingServerToClientEvents } from '@redress/shared';
import type { Logger } from '../logger';
import { EventStreams } from './eventStreams';

/** What the session layer proves about a connected socket. */
export interface SocketIdentity {
  userId: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
  /** The rooms the read policy gives this user (auth.policy.ts socketRoomsFor). */
  rooms: string[];
}

/** A session's standing, from the handshake or a later check. */
export interface SocketGrant {
  identity: SocketIdentity;
  /** When the session ends unless the user makes another request (null: unknown). */
  expiresAt: Date | null;
}

export interface SocketData {
  identity: SocketIdentity;
  sessionId: string;
  expiresAt: Date | null;
  watching: Record<string, 'viewing' | 'replying'>;
}

/** Between server processes (through the Redis adapter). */
interface InterServerEvents {
  /** A tracking page push for this process's streams. */
  tracking: (complaintId: string, event: keyof TrackingServerToClientEvents, payload: unknown) => void;
  /** Check again the sessions of this user's sockets in your process; ack when done. */
  'session:recheck': (userId: string, ack: (done: boolean) => void) => void;
}

export type RedressIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RedressSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A full check of every socket's session in each process, behind the targeted checks and expiry timers. */
export const SOCKET_SWEEP_MS = 5 * 60_000;
/** How long a cross-process recheck waits for the other processes. */
const RECHECK_WAIT_MS = 2_000;

type Emit = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;
type TrackingEmit = <E extends keyof TrackingServerToClientEvents>(event: E, payload: Parameters<TrackingServerToClientEvents[E]>[0]) => void;

/** Room-scoped emitters; the only way server code pushes to browsers. */
export interface Realtime {
  io: RedressIo;
  toRooms(rooms: string[]): { emit: Emit };
  /** The customers following one complaint on its tracking page (server-sent events, every process). */
  toTracking(complaintId: string): { emit: TrackingEmit };
  /** The tracking pages' event streams held by this process, keyed by complaint id. */
  trackingStreams: EventStreams;
  /**
   * Check again the session of every socket of a user, in every process: a socket whose session
   * ended (logout, deactivation, password or role change, expiry) is disconnected; one whose rooms
   * changed (teams) is disconnected too, and the console reconnects into its new rooms. Resolves
   * once every process has done it (or after a short timeout).
   */
  recheckUser(userId: string): Promise<void>;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  httpServer: HttpServer;
  sessionMiddleware: RequestHandler;
  /** Resolve the signed-in user of a handshake request; null refuses the connection. */
  authenticate(req: IncomingMessage): Promise<(SocketGrant & { sessionId: string }) | null>;
  /** The standing of a session now; null ends the sockets opened with it. */
  recheck(sessionId: string): Promise<SocketGrant | null>;
  /** Origins a browser may open a socket from (PUBLIC_URL's); the server's own host is always allowed. */
  allowedOrigins(): string[];
  redisUrl?: string;
  /** Redis adapter channel prefix (REDIS_PREFIX). */
  redisPrefix?: string;
  logger: Logger;
  onConnection?(socket: RedressSocket): void;
}

/**
 * Socket.IO on the HTTP server: sessions authenticate the handshake, each socket joins its
 * user, team and (for supervisors and admins) supervisors rooms. With REDIS_URL the Redis adapter
 * carries emits between server processes.
 */
export async function createRealtime(opts: RealtimeOptions): Promise<Realtime> {
  const io: RedressIo = new Server(opts.httpServer, {
    serveClient: false,
    cors: { origin: false },
    // Cross-site WebSocket hijacking: a page elsewhere must not open a socket with our cookie.
    allowRequest: (req, cb) => cb(null, originAllowed(req, opts.allowedOrigins())),
  });
  const redisClients: { quit(): Promise<unknown> }[] = [];
  const sessions = socketSessions(() => io, opts);
  if (opts.redisUrl) {
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    pub.on('error', (err: Error) => opts.logger.error({ err }, 'redis publish client error'));
    sub.on('error', (err: Error) => opts.logger.error({ err }, 'redis subscribe client error'));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, opts.redisPrefix ? { key: opts.redisPrefix } : {}));
    redisClients.push(pub, sub);
  }
  io.engine.use(opts.sessionMiddleware);
  io.use((socket, next) => {
    opts
      .authenticate(socket.request)
      .then((grant) => {
        if (!grant) return next(new Error('unauthorized'));
        socket.data.identity = grant.identity;
        socket.data.sessionId = grant.sessionId;
        socket.data.expiresAt = grant.expiresAt;
        socket.data.watching = {};
        next();
      })
      .catch((err: Error) => next(err));
  });
  io.on('connection', (socket) => {
    // The handshake request (headers, session, the user document) is not needed once the identity
    // is known: let it go, or every open console keeps tens of kilobytes alive.
    (socket.conn as unknown as { request: unknown }).request = null;
    const { identity } = socket.data;
    void socket.join([socketRooms.user(identity.userId), ...identity.rooms]);
    sessions.watchExpiry(socket);
    socket.on('disconnect', () => sessions.forget(socket));
    opts.onConnection?.(socket);
  });
  // Customers' tracking pages listen on server-sent event streams (no client library to load);
  // with several processes a push reaches the others through the adapter.
  const trackingStreams = new EventStreams();
  const shared = Boolean(opts.redisUrl);
  io.on('tracking', (complaintId, event, payload) => trackingStreams.send(complaintId, event, payload));
  io.on('session:recheck', (userId, ack) => {
    void sessions
      .recheckLocal((s) => s.data.identity.userId === userId)
      .catch((err: Error) => opts.logger.warn({ err, userId }, 'socket session recheck failed'))
      .finally(() => ack(true));
  });
  return {
    io,
    toRooms(rooms) {
      return {
        emit: (event, ...args) => {
          if (rooms.length === 0) return;
          io.to(rooms).emit(event, ...args);
        },
      };
    },
    toTracking(complaintId) {
      return {
        emit: (event, payload) => {
          trackingStreams.send(complaintId, event, payload);
          if (shared) io.serverSideEmit('tracking', complaintId, event, payload);
        },
      };
    },
    async recheckUser(userId) {
      await sessions.recheckLocal((s) => s.data.identity.userId === userId);
      if (!opts.redisUrl) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        io
          .serverSideEmitWithAck('session:recheck', userId)
          .catch((err: Error) => opts.logger.warn({ err, userId }, 'socket recheck: a process did not answer')),
        new Promise<void>((r) => (timer = setTimeout(r, RECHECK_WAIT_MS))),
      ]);
      clearTimeout(timer);
    },
    trackingStreams,
    async close() {
      trackingStreams.closeAll();
      sessions.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => undefined)));
    },
  };
}

/** A browser's Origin must be PUBLIC_URL's or the server's own host; clients that send none (not browsers) pass. */
export function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.some((a) => safeOrigin(a) === parsed.origin)) return true;
  return Boolean(req.headers.host) && parsed.host === req.headers.host;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The sessions behind this process's sockets: each is checked again when its session would
 * expire, when asked for its user (recheckUser), and in a full sweep every SOCKET_SWEEP_MS.
 */
function socketSessions(io: () => RedressIo, opts: RealtimeOptions) {
  const timers = new Map<string, NodeJS.Timeout>();
  // setTimeout holds at most ~24.8 days.
  const MAX_TIMER_MS = 2 ** 31 - 1;

  const forget = (socket: RedressSocket) => {
    clearTimeout(timers.get(socket.id));
    timers.delete(socket.id);
  };

  const watchExpiry = (socket: RedressSocket) => {
    forget(socket);
    const at = socket.data.expiresAt;
    if (!at) return;
    const ms = Math.min(Math.max(at.getTime() - Date.now(), 0) + 50, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      timers.delete(socket.id);
      void recheckLocal((s) => s.id === socket.id).catch((err: Error) => opts.logger.warn({ err }, 'socket session expiry check failed'));
    }, ms);
    timer.unref();
    timers.set(socket.id, timer);
  };

  /** Check the sessions of the local sockets `which` selects, one lookup per session. */
  async function recheckLocal(which: (s: RedressSocket) => boolean): Promise<void> {
    const bySession = new Map<string, RedressSocket[]>();
    for (const s of io().of('/').sockets.values()) {
      if (!s.data.identity || !which(s)) continue;
      const list = bySession.get(s.data.sessionId) ?? [];
      list.push(s);
      bySession.set(s.data.sessionId, list);
    }
    await Promise.all(
      [...bySession.entries()].map(async ([sessionId, sockets]) => {
        const grant = await opts.recheck(sessionId);
        for (const s of sockets) {
          if (!grant || !sameRooms(s.data.identity.rooms, grant.identity.rooms)) {
            // Ended, or its rooms changed: the console reconnects (and refetches) into what it may
            // read now, or is refused at the handshake and sent to sign in.
            opts.logger.info({ userId: s.data.identity.userId, reason: grant ? 'rooms changed' : 'session ended' }, 'socket disconnected');
            s.disconnect(true);
            continue;
          }
          s.data.expiresAt = grant.expiresAt;
          watchExpiry(s);
        }
      }),
    );
  }

  const sweep = setInterval(() => {
    void recheckLocal(() => true).catch((err: Error) => opts.logger.warn({ err }, 'socket session sweep failed'));
  }, SOCKET_SWEEP_MS);
  sweep.unref();

  return {
    watchExpiry,
    forget,
    recheckLocal,
    stop() {
      clearInterval(sweep);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

function sameRooms(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
