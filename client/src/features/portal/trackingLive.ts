// Modules, not the package index: the tracking page stays without zod (client size budget).
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { trackingTokenHeader } from '@redress/shared/src/complaints/portalLimits';
import type { TrackingPush } from '@redress/shared/src/complaints/portal';

export interface TrackingLiveHandlers {
  /** A change the server pushed (customer-safe fields and new public entries). */
  onPush(p: TrackingPush): void;
  /** Connected again after a drop: pushes sent meanwhile are lost, so fetch the whole view. */
  onResync(): void;
  onLive(live: boolean): void;
}

const firstRetryMs = 1_000;
const maxRetryMs = 30_000;

/**
 * Follow one complaint live on the tracking page: a server-sent event stream read with fetch
 * (EventSource cannot send the token header, and the token must never be in a URL), parsed by
 * eventsource-parser. Reconnects with backoff; a 404 (the link is wrong) stops it. Returns the
 * unsubscribe function.
 */
export function followComplaint(reference: string, token: string, h: TrackingLiveHandlers): () => void {
  const abort = new AbortController();
  let connectedBefore = false;
  let retryMs = firstRetryMs;

  const connect = async (): Promise<void> => {
    const res = await fetch(`/api/portal/complaints/${encodeURIComponent(reference)}/events`, {
      headers: { Accept: 'text/event-stream', [trackingTokenHeader]: token },
      signal: abort.signal,
      cache: 'no-store',
    });
    if (res.status === 404) throw new Gone();
    if (!res.ok || !res.body) throw new Error(`live updates answered ${res.status}`);
    h.onLive(true);
    if (connectedBefore) h.onResync();
    connectedBefore = true;
    retryMs = firstRetryMs;
    const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    for await (const e of streamIterator(events)) {
      if (e.event === 'tracking:changed') h.onPush(JSON.parse(e.data) as TrackingPush);
    }
  };

  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        await connect();
      } catch (err) {
        if (err instanceof Gone) break;
      }
      if (abort.signal.aborted) break;
      h.onLive(false);
      await new Promise((r) => setTimeout(r, retryMs));
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    }
    h.onLive(false);
  };
  void run();
  return () => abort.abort();
}

class Gone extends Error {}

/** ReadableStream is async-iterable in Chromium and Firefox but not yet in Safari. */
async function* streamIterator<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
