import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@redress/shared';
import { consoleUpdates } from '../features/console/slice';
import { notificationUpdates } from '../features/notifications/slice';
import type { ConnectionStatus } from './connectionSlice';
import { useStore } from './index';

type RedressClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
/** An event and a handler of exactly that event's payload. */
type Listener = { [E in EventName]: { event: E; handler: ServerToClientEvents[E] } }[EventName];

let socket: RedressClientSocket | null = null;
let watching: { complaintId: string; mode: 'viewing' | 'replying' } | null = null;
const extra: Listener[] = [];

function attach(s: RedressClientSocket, l: Listener): void {
  // `Listener` pairs each event with its own handler type; TS cannot follow that through a union.
  s.on(l.event, l.handler as never);
}

function setStatus(status: ConnectionStatus): void {
  useStore.setState({ connection: { status } });
}

/**
 * Let a feature react to a server event (e.g. 'sla:alert', 'remedy:changed') without editing this
 * file's wiring: call once at module load; it is attached to every connection.
 */
export function onRealtime<E extends EventName>(event: E, handler: ServerToClientEvents[E]): void {
  const l = { event, handler } as Listener;
  extra.push(l);
  if (socket) attach(socket, l);
}

/**
 * One Socket.IO connection for the signed-in staff member (same origin, session cookie). Server
 * events become store updates; after a reconnect every list is fetched again, because events sent
 * while we were away are lost.
 */
export function connectRealtime(): void {
  if (socket) return;
  setStatus('connecting');
  const s: RedressClientSocket = io({ withCredentials: true });
  socket = s;
  let connectedBefore = false;

  s.on('connect', () => {
    setStatus('online');
    if (connectedBefore) void useStore.getState().resyncConsole();
    connectedBefore = true;
    // Presence lives in server memory per socket: announce again what we are looking at.
    if (watching) s.emit('complaint:watch', watching);
  });
  s.on('disconnect', (reason) => {
    setStatus('offline');
    // Socket.IO does not retry after the server closed the socket (deploy, restart, kick):
    // try again shortly; the handshake re-checks the session.
    if (reason === 'io server disconnect') setTimeout(() => socket === s && s.connect(), 1_000);
  });
  s.on('connect_error', (err) => {
    setStatus('offline');
    // Refused at the handshake: the session may have ended. Ask the API; if it says so, the
    // staff pages send the user to sign in (and this connection is closed by the layout).
    if (err.message === 'unauthorized') void useStore.getState().loadMe();
    if (!s.active) setTimeout(() => socket === s && s.connect(), 5_000);
  });

  // Pushes carry the complaint's revision: applied in order, a gap fetches the complaint again.
  s.on('complaint:created', (c) => void useStore.getState().applyPushed(c, 'created'));
  s.on('complaint:updated', (c) => void useStore.getState().applyPushed(c, 'updated'));
  s.on('complaint:removed', (p) => useStore.setState(consoleUpdates.removed(p.id)));
  s.on('complaint:timeline', (p) => useStore.setState(consoleUpdates.timelineChanged(p.complaintId)));
  s.on('complaint:viewers', (p) => useStore.setState(consoleUpdates.viewers(p.complaintId, p.viewers)));
  s.on('notification', (n) => useStore.setState(notificationUpdates.received(n)));
  for (const l of extra) attach(s, l);
}

/** Close the connection (sign-out, leaving the staff area). */
export function disconnectRealtime(): void {
  socket?.close();
  socket = null;
  watching = null;
  setStatus('idle');
}

/** Tell colleagues we are viewing or replying to a complaint (collision warning). */
export function watchComplaint(complaintId: string, mode: 'viewing' | 'replying'): void {
  if (watching?.complaintId === complaintId && watching.mode === mode) return;
  watching = { complaintId, mode };
  socket?.emit('complaint:watch', watching);
}

/** Stop announcing presence on a complaint. */
export function unwatchComplaint(complaintId: string): void {
  if (watching?.complaintId === complaintId) watching = null;
  socket?.emit('complaint:unwatch', { complaintId });
}
