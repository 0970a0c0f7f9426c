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
  teamIds: string[];
}

export interface SocketData {
  identity: SocketIdentity;
  watching: Record<string, 'viewing' | 'replying'>;
}

/** Between server processes (through the Redis adapter): a tracking page push for their streams. */
interface InterServerEvents {
  tracking: (complaintId: string, event: keyof TrackingServerToClientEvents, payload: unknown) => void;
}

export type RedressIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RedressSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

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
  close(): Promise<void>;
}

export interface RealtimeOptions {
  httpServer: HttpServer;
  sessionMiddleware: RequestHandler;
  /** Resolve the signed-in user of a handshake request; null refuses the connection. */
  authenticate(req: IncomingMessage): Promise<SocketIdentity | null>;
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
  const io: RedressIo = new Server(opts.httpServer, { serveClient: false, cors: { origin: false } });
  const redisClients: { quit(): Promise<unknown> }[] = [];
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
      .then((identity) => {
        if (!identity) return next(new Error('unauthorized'));
        socket.data.identity = identity;
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
    void socket.join(socketRooms.user(identity.userId));
    for (const t of identity.teamIds) void socket.join(socketRooms.team(t));
    if (identity.role !== 'agent') void socket.join(socketRooms.supervisors);
    opts.onConnection?.(socket);
  });
  // Customers' tracking pages listen on server-sent event streams (no client library to load);
  // with several processes a push reaches the others through the adapter.
  const trackingStreams = new EventStreams();
  const shared = Boolean(opts.redisUrl);
  io.on('tracking', (complaintId, event, payload) => trackingStreams.send(complaintId, event, payload));
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
    trackingStreams,
    async close() {
      trackingStreams.closeAll();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
