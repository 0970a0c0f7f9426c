/**
 * Closed-loop HTTP load for benchmarks: `clients` workers each send a request, wait for its
 * answer, and send the next, for `seconds`. Keep-alive connections, one per worker.
 */
import http from 'node:http';

export interface LoadResult {
  clients: number;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POST `body(i)` to `target` from `clients` concurrent workers for `seconds`. */
export async function closedLoop(target: string, clients: number, seconds: number, body: (i: number) => string): Promise<LoadResult> {
  const url = new URL(target);
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (performance.now() < until) {
        const t0 = performance.now();
        const status = await post(agent, url, body(n++)).catch(() => 0);
        if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
        else errors++;
      }
      agent.destroy();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    clients,
    requests: latencies.length,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
