/**
 * GET /metrics in Prometheus text format for operators: HTTP request counts and durations, queue
 * depth, open complaints, SLA breaches and emails pending. Open to loopback callers and to
 * `Authorization: Bearer <METRICS_TOKEN>`; everyone else gets 403.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Router } from 'express';
import { Router as createRouter } from 'express';
import { Counter, Gauge, Histogram } from 'prom-client';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { RollupState } from './rollupState.model';
import { pendingMailCount } from '../notifications/outbox';
import { existingPartitions, rollupPartition } from './rollup.model';
import { OpenComplaintEntry } from './openSet';

import { registry } from '../../platform/metrics';

const httpRequests = new Counter({
  name: 'redress_http_requests_total',
  help: 'HTTP requests by method, route and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
const httpDuration = new Histogram({
  name: 'redress_http_request_duration_seconds',
  help: 'HTTP request duration by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

new Gauge({
  name: 'redress_queue_depth',
  help: 'Open complaints with no assignee',
  registers: [registry],
  async collect() {
    this.set(await OpenComplaintEntry.countDocuments({ assigneeId: null }));
  },
});
new Gauge({
  name: 'redress_open_complaints',
  help: 'Open complaints',
  registers: [registry],
  async collect() {
    this.set(await OpenComplaintEntry.estimatedDocumentCount());
  },
});
new Gauge({
  name: 'redress_emails_pending',
  help: 'Outgoing emails waiting in the outbox',
  registers: [registry],
  async collect() {
    this.set(await pendingMailCount());
  },
});
new Gauge({
  name: 'redress_sla_breaches_total',
  help: 'First-response and resolution targets missed, over all history (from the weekly rollups)',
  labelNames: ['clock'] as const,
  registers: [registry],
  async collect() {
    // Weekly totals: about 52 small documents a year, whatever the number of complaints.
    const years = await existingPartitions('week', 'all');
    const weeks = (
      await Promise.all(
        years.map((year) =>
          rollupPartition('week', 'all', year)
            .find({}, { projection: { frBreached: 1, resBreached: 1 } })
            .toArray(),
        ),
      )
    ).flat() as unknown as Record<string, unknown>[];
    const sum = (f: string) => weeks.reduce((s, w) => s + (typeof w[f] === 'number' ? (w[f] as number) : 0), 0);
    this.set({ clock: 'first_response' }, sum('frBreached'));
    this.set({ clock: 'resolution' }, sum('resBreached'));
  },
});
new Gauge({
  name: 'redress_rollup_pending',
  help: 'Complaints whose rollup increments were claimed but not confirmed (crash window; see npm run rollups:rebuild)',
  registers: [registry],
  async collect() {
    const staleBefore = new Date(services().clock.now().getTime() - 60_000);
    this.set(
      await RollupState.countDocuments({
        pendingSince: { $lt: staleBefore },
      }),
    );
  },
});

/** Count and time every request; the route label is the matched pattern, so cardinality stays bounded. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched';
    end({ method: req.method, route });
    httpRequests.inc({
      method: req.method,
      route,
      status: String(res.statusCode),
    });
  });
  next();
};

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function allowed(req: Request): boolean {
  // req.ip honours TRUST_PROXY. A request that a local reverse proxy forwarded (it carries a
  // forwarding header) is outside traffic even when the proxy is not trusted and req.ip is loopback.
  const forwarded = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined;
  if (req.ip && loopback.has(req.ip) && !forwarded) return true;
  const token = services().env.METRICS_TOKEN;
  const header = req.get('authorization') ?? '';
  if (!token || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The /metrics endpoint (mounted at the root, outside /api). */
export function prometheusRouter(): Router {
  const router = createRouter();
  router.get('/metrics', async (req, res) => {
    if (!allowed(req)) throw errors.forbidden('Metrics are open to loopback and to the metrics token only');
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
