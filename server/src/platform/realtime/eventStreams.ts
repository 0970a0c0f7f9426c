import type { Response } from 'express';

export interface EventStreamLimits {
  /** Open streams for one key (one complaint): a customer with a few tabs, not a crowd. */
  perKey: number;
  /** Open streams in this process. */
  total: number;
  /** A comment line this often keeps proxies and NAT from dropping an idle stream. */
  heartbeatMs: number;
}

const defaults: EventStreamLimits = { perKey: 10, total: 10_000, heartbeatMs: 25_000 };

/**
 * Server-sent event streams held by this process, keyed (a complaint id for the tracking page).
 * A browser needs no client library for them, which keeps the public pages small; the Socket.IO
 * adapter carries a push to the other processes, each writing to its own streams.
 */
export class EventStreams {
  private readonly byKey = new Map<string, Set<Response>>();
  private count = 0;
  private readonly limits: EventStreamLimits;

  constructor(limits: Partial<EventStreamLimits> = {}) {
    this.limits = { ...defaults, ...limits };
  }

  /** Whether one more stream for `key` fits under the limits. */
  hasRoomFor(key: string): boolean {
    return this.count < this.limits.total && (this.byKey.get(key)?.size ?? 0) < this.limits.perKey;
  }

  /** Turn the response into an open stream for `key`; it ends when the client goes away. */
  open(key: string, res: Response): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'private, no-store',
      Connection: 'keep-alive',
      // nginx and similar proxies would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    // How long a browser waits before reconnecting after a drop.
    res.write('retry: 3000\n\n');
    const streams = this.byKey.get(key) ?? new Set<Response>();
    this.byKey.set(key, streams);
    streams.add(res);
    this.count++;
    const heartbeat = setInterval(() => res.write(': ping\n\n'), this.limits.heartbeatMs);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      if (!streams.delete(res)) return;
      this.count--;
      if (streams.size === 0) this.byKey.delete(key);
    });
  }

  /** Write one event to every stream of `key` held here. */
  send(key: string, event: string, data: unknown): void {
    const streams = this.byKey.get(key);
    if (!streams) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) res.write(frame);
  }

  /** Streams open in this process (metrics, tests). */
  size(): number {
    return this.count;
  }

  /** End every stream (shutdown): clients reconnect to another process. */
  closeAll(): void {
    for (const streams of this.byKey.values()) for (const res of streams) res.end();
    this.byKey.clear();
    this.count = 0;
  }
}
