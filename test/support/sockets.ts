import { io as ioClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@redress/shared';

export type StaffSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A Socket.IO client signed in with a staff session cookie; resolves once connected. */
export async function connectSocket(url: string, cookie: string): Promise<StaffSocket> {
  const socket: StaffSocket = ioClient(url, { extraHeaders: { cookie }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Everything a socket receives, by event, for assertions on what (and how often) was pushed. */
export function recordEvents(socket: StaffSocket): { events: { event: string; payload: unknown }[]; of<T = unknown>(event: keyof ServerToClientEvents): T[] } {
  const events: { event: string; payload: unknown }[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  return { events, of: <T>(event: keyof ServerToClientEvents) => events.filter((e) => e.event === event).map((e) => e.payload as T) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `probe` returns something truthy (or fail naming `what`). */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
