import http from 'node:http';
import { createParser } from 'eventsource-parser';
import type { TrackingPush } from '@redress/shared';

export interface TrackingStream {
  pushes: TrackingPush[];
  close(): void;
}

/**
 * A tracking page's live connection as the browser opens it: the server-sent event stream with
 * the token in its header. Resolves once the stream is open; rejects with the status when refused.
 */
export function followTracking(baseUrl: string, reference: string, token: string): Promise<TrackingStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${baseUrl}/api/portal/complaints/${encodeURIComponent(reference)}/events`,
      { headers: { Accept: 'text/event-stream', 'X-Tracking-Token': token } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`live updates refused: ${res.statusCode}`));
        }
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        const pushes: TrackingPush[] = [];
        const parser = createParser({
          onEvent: (e) => {
            if (e.event === 'tracking:changed') pushes.push(JSON.parse(e.data) as TrackingPush);
          },
        });
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => parser.feed(chunk));
        resolve({ pushes, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
  });
}
