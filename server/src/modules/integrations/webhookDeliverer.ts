/**
 * Sends due webhook deliveries (a background job every second, nudged when an event is recorded).
 *
 * - In order per complaint and endpoint: of an endpoint's pending deliveries for one complaint only
 *   the lowest sequence number is tried; the next waits until it is delivered or failed.
 * - At least once: a delivery is marked delivered only after a 2xx answer, so a crash repeats it;
 *   receivers dedupe on `Redress-Event-Id`.
 * - Retries with exponential backoff (WEBHOOK_RETRY_BASE_MS, doubling, at most an hour apart) until
 *   WEBHOOK_RETRY_HOURS after the event, then failed. An endpoint whose delivery fails for good with
 *   no success since that delivery's first attempt is turned off and the admins are emailed.
 * - Each attempt goes to the address the guard checked (addressGuard.ts), with a 10 s timeout and
 *   no redirects followed; every attempt is logged with status code, latency and a truncated answer.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram } from 'prom-client';
import { webhookHeaders } from '@redress/shared';
import { services } from '../../platform/context';
import { tryWithLock } from '../../platform/db/lock';
import { otherProcessesShareTheDatabase } from '../../platform/db/serially';
import { registry } from '../../platform/metrics';
import { User } from '../auth/user.model';
import { ComplaintChangeRecord, FeedState } from '../complaints/feed/complaintChange.model';
import { webhookProcessor } from './webhookProcessor';
import { enqueueMail } from '../notifications/outbox';
import { RefusedAddress, resolveTarget, type ResolvedTarget } from './addressGuard';
import { privateAddressesAllowed } from './settings';
import { signatureHeader } from './signature';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent, type WebhookDeliveryFields, type WebhookEndpointFields } from './webhook.models';

const RESPONSE_CHARS = 1_000;
const MAX_DELAY_MS = 3_600_000;
const PARALLEL = 8;

const attemptsTotal = new Counter({
  name: 'redress_webhook_attempts_total',
  help: 'Webhook HTTP attempts by outcome (success: a 2xx answer)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
const finished = new Counter({
  name: 'redress_webhook_deliveries_total',
  help: 'Webhook deliveries that ended, by status (delivered, failed)',
  labelNames: ['status'] as const,
  registers: [registry],
});
const disabledTotal = new Counter({
  name: 'redress_webhook_endpoints_disabled_total',
  help: 'Webhook endpoints turned off after sustained failure',
  registers: [registry],
});
const attemptSeconds = new Histogram({
  name: 'redress_webhook_attempt_seconds',
  help: 'Duration of one webhook HTTP attempt',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
new Gauge({
  name: 'redress_webhook_pending_deliveries',
  help: 'Webhook deliveries waiting to be sent or retried',
  registers: [registry],
  async collect() {
    this.set(await WebhookDelivery.countDocuments({ status: 'pending' }).catch(() => 0));
  },
});

type Delivery = WebhookDeliveryFields & { _id: string };
type Endpoint = WebhookEndpointFields & { _id: unknown };

export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  response: string;
  error: string | null;
}

/** Delay before attempt `attempts + 1` (attempts already made ≥ 1). */
export function retryDelayMs(attempts: number, baseMs = services().env.WEBHOOK_RETRY_BASE_MS): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

/** POST `body` to the pinned address: never follows a redirect, gives up after the timeout. */
function post(target: ResolvedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ statusCode: number; response: string }> {
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const lib = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target.url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinned, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < RESPONSE_CHARS) text += chunk;
          else res.destroy();
        });
        const done = () => {
          clearTimeout(timer);
          resolve({ statusCode: res.statusCode ?? 0, response: text.slice(0, RESPONSE_CHARS) });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/** One signed HTTP attempt of a delivery: never throws; the caller records the outcome. */
export async function attemptDelivery(endpoint: Pick<Endpoint, 'url' | 'secret'>, eventId: string, type: string, body: string): Promise<AttemptOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const target = await resolveTarget(endpoint.url, await privateAddressesAllowed());
    // The signed timestamp is wall-clock time: receivers compare it with their own clock.
    const t = Math.floor(Date.now() / 1000);
    const res = await post(
      target,
      {
        'content-type': 'application/json',
        'user-agent': 'Redress-Webhooks/1',
        [webhookHeaders.signature]: signatureHeader(endpoint.secret, body, t),
        [webhookHeaders.eventId]: eventId,
        [webhookHeaders.eventType]: type,
      },
      body,
      services().env.WEBHOOK_TIMEOUT_MS,
    );
    return { statusCode: res.statusCode, latencyMs: latency(), response: res.response, error: null };
  } catch (err) {
    const message = err instanceof RefusedAddress ? `refused: ${err.message}` : String((err as Error)?.message ?? err);
    return { statusCode: null, latencyMs: latency(), response: '', error: message.slice(0, 500) };
  }
}

/** Tell every admin that an endpoint was turned off (once per disabling). */
async function mailAdmins(endpoint: Endpoint, at: Date, lastError: string): Promise<void> {
  const admins = (await User.find({ role: 'admin' }, { email: 1, name: 1, active: 1 }).lean()).filter((u) => u.active !== false);
  const link = `${services().publicUrl}/admin/webhooks`;
  for (const a of admins) {
    await enqueueMail({
      dedupeKey: `webhook-disabled:${String(endpoint._id)}:${at.toISOString()}:${String(a._id)}`,
      to: a.email,
      subject: `Webhook endpoint turned off: ${endpoint.url}`,
      text:
        `Dear ${a.name},\n\nRedress turned off the webhook endpoint ${endpoint.url} after its deliveries failed for ` +
        `${services().env.WEBHOOK_RETRY_HOURS} hours with no success.\n\nLast error: ${lastError}\n\n` +
        `Fix the receiver, then turn the endpoint on again and redeliver what failed:\n${link}\n\nRedress`,
    });
  }
}

/** Record the outcome of an attempt on the delivery and its endpoint. */
async function settle(d: Delivery, endpoint: Endpoint, o: AttemptOutcome): Promise<'delivered' | 'retry' | 'failed'> {
  const now = services().clock.now();
  const ok = o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;
  attemptsTotal.inc({ outcome: ok ? 'success' : 'failure' });
  attemptSeconds.observe(o.latencyMs / 1000);
  await WebhookAttempt.create({ deliveryId: d._id, endpointId: d.endpointId, at: now, ...o });
  const attempts = d.attempts + 1;
  const firstAttemptAt = d.firstAttemptAt ?? now;
  const base = { attempts, lastAttemptAt: now, firstAttemptAt, lastStatusCode: o.statusCode };
  if (ok) {
    await WebhookDelivery.updateOne({ _id: d._id }, { $set: { ...base, status: 'delivered', deliveredAt: now, nextAttemptAt: null } });
    await WebhookEndpoint.updateOne({ _id: endpoint._id }, { $set: { lastSuccessAt: now, failingSince: null } });
    finished.inc({ status: 'delivered' });
    return 'delivered';
  }
  if (!endpoint.failingSince) await WebhookEndpoint.updateOne({ _id: endpoint._id, failingSince: null }, { $set: { failingSince: now } });
  if (now.getTime() < d.giveUpAt.getTime()) {
    await WebhookDelivery.updateOne({ _id: d._id }, { $set: { ...base, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) } });
    return 'retry';
  }
  await WebhookDelivery.updateOne({ _id: d._id }, { $set: { ...base, status: 'failed', nextAttemptAt: null } });
  finished.inc({ status: 'failed' });
  // Sustained failure: it failed for the whole retry window, and nothing got through meanwhile.
  if (!endpoint.lastSuccessAt || endpoint.lastSuccessAt.getTime() < firstAttemptAt.getTime()) {
    const off = await WebhookEndpoint.updateOne(
      { _id: endpoint._id, active: true },
      { $set: { active: false, disabledReason: 'failing', disabledAt: now, updatedAt: now } },
    );
    if (off.modifiedCount === 1) {
      disabledTotal.inc();
      services().logger.warn({ endpointId: String(endpoint._id), url: endpoint.url }, 'webhooks: endpoint turned off after sustained failure');
      await mailAdmins(endpoint, now, o.error ?? `HTTP ${o.statusCode}`);
    }
  }
  return 'failed';
}

/** Try the head of one endpoint's queue for one complaint, if it is still due. */
async function sendHead(id: string): Promise<'delivered' | 'retry' | 'failed' | null> {
  const d = (await WebhookDelivery.findById(id).lean()) as Delivery | null;
  const now = services().clock.now();
  if (!d || d.status !== 'pending' || (d.nextAttemptAt && d.nextAttemptAt.getTime() > now.getTime())) return null;
  const [endpoint, event] = await Promise.all([WebhookEndpoint.findById(d.endpointId).lean(), WebhookEvent.findById(d.eventId).lean()]);
  if (!endpoint || !endpoint.active || !event) return null;
  const outcome = await attemptDelivery(endpoint, d.eventId, event.type, event.body);
  return settle(d, endpoint as Endpoint, outcome);
}

/** The deliveries to try now: per endpoint and complaint, the lowest pending sequence number, if due. */
async function dueHeads(): Promise<Delivery[]> {
  const pending = (await WebhookDelivery.find({ status: 'pending' }).lean()) as Delivery[];
  if (pending.length === 0) return [];
  const heads = new Map<string, Delivery>();
  for (const d of pending) {
    const key = `${d.endpointId}|${d.complaintId ?? d._id}`;
    const h = heads.get(key);
    if (!h || d.order < h.order || (d.order === h.order && d.seq < h.seq)) heads.set(key, d);
  }
  const active = new Set((await WebhookEndpoint.find({ active: true }, { _id: 1 }).lean()).map((e) => String(e._id)));
  const now = services().clock.now().getTime();
  const due = [...heads.values()].filter((d) => active.has(d.endpointId) && (!d.nextAttemptAt || d.nextAttemptAt.getTime() <= now));
  const open = await Promise.all(due.map((d) => (d.gateRev != null && d.complaintId ? feedCaughtUp(d.complaintId, d.gateRev) : true)));
  return due.filter((_, i) => open[i]);
}

/**
 * Whether the feed's webhook subscriber has passed revision `rev` of the complaint, so every
 * complaint event up to it is recorded and a remedy step that followed it may go out. Changes
 * stay in complaint_changes until every subscriber passed them: none at or below `rev` beyond
 * the subscriber's progress means it is done.
 */
async function feedCaughtUp(complaintId: string, rev: number): Promise<boolean> {
  const [state, changes] = await Promise.all([FeedState.findById(complaintId).lean(), ComplaintChangeRecord.find({ complaintId }, { rev: 1 }).lean()]);
  const passed = state?.subs?.[webhookProcessor.name]?.rev ?? 0;
  return !changes.some((c) => c.rev <= rev && c.rev > passed);
}

/**
 * Send every due delivery once (a background job; tests call it directly). Groups run in parallel,
 * each under a cross-process lock when other processes share the database. Returns what happened.
 */
export async function deliverDueWebhooks(): Promise<{ delivered: number; retry: number; failed: number }> {
  const result = { delivered: 0, retry: 0, failed: 0 };
  const heads = await dueHeads();
  const queue = [...heads];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const id = d._id;
      const key = `webhook-send:${d.endpointId}:${d.complaintId ?? d._id}`;
      const r = otherProcessesShareTheDatabase() ? (await tryWithLock(key, () => sendHead(id), 30_000)).value : await sendHead(id);
      if (r) result[r]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  return result;
}
