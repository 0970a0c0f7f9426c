import { webhookApiVersion, webhookTestEventType } from '@redress/shared';
import { services } from '../../../platform/context';
import { lockedSection } from '../../../platform/db/serially';
import { isDuplicateKey, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookSequence } from '../webhook.models';
import { kickWebhookDelivery } from '../webhookSignal';

export interface WebhookEventInput {
  /** Deterministic per fact (e.g. `evt_<complaintId>_<rev>`), so recording again is a no-op and receivers can dedupe. */
  id: string;
  type: string;
  complaintId: string | null;
  reference: string | null;
  occurredAt: Date;
  /** Place in the complaint's history (see WebhookEvent.order): the change's revision, or the complaint's revision + 0.5 for steps outside the feed. */
  order: number;
  /** For steps outside the feed: wait until the feed's events up to this revision are recorded. */
  gateRev?: number | null;
  /** The presented resource(s): never internal fields. */
  data: Record<string, unknown>;
  /** Deliver to this endpoint only (test events), whatever it subscribed to. */
  endpointId?: string;
}

const HOUR_MS = 3_600_000;

/**
 * Active endpoints and their event types, read at most every ENDPOINTS_TTL_MS: every complaint
 * change asks, and with no endpoints (most desks) that must cost nothing. Saving an endpoint in
 * this process clears it at once; another process sees the change within the TTL.
 */
const ENDPOINTS_TTL_MS = 2_000;
let endpointCache: { at: number; list: Promise<{ id: string; events: string[] }[]> } | null = null;

export function forgetWebhookEndpoints(): void {
  endpointCache = null;
}

async function endpointsFor(type: string): Promise<string[]> {
  if (!endpointCache || Date.now() - endpointCache.at > ENDPOINTS_TTL_MS) {
    const list = WebhookEndpoint.find({ active: true }, { _id: 1, events: 1 })
      .lean()
      .then((rows) => rows.map((r) => ({ id: String(r._id), events: r.events })));
    endpointCache = { at: Date.now(), list };
    list.catch(() => (endpointCache = null));
  }
  return (await endpointCache.list).filter((e) => e.events.includes(type)).map((e) => e.id);
}

/** One section per complaint at a time, in this process and (with other processes) across them. */
function perComplaint<T>(key: string, fn: () => Promise<T>): Promise<T> {
  return lockedSection(key, fn, { waitMs: 30_000 });
}

/**
 * Store an event and one pending delivery per endpoint that wants it. Idempotent by event id: a
 * replay (a feed retry, a repeated command) keeps the first body and sequence number and adds only
 * deliveries that are missing. The sequence number is taken under a per-complaint lock together
 * with the inserts, so a complaint's events are numbered in the order they were recorded and the
 * deliverer sends them in that order. No endpoint wanting it: nothing is stored.
 */
export async function webhookEventRecorder(e: WebhookEventInput): Promise<{ deliveries: number }> {
  const endpoints = e.endpointId ? [e.endpointId] : await endpointsFor(e.type);
  if (endpoints.length === 0) return { deliveries: 0 };
  const group = e.complaintId ?? e.id;
  const count = await perComplaint(`webhook-seq:${group}`, async () => {
    const now = services().clock.now();
    let event = await WebhookEvent.findById(e.id).lean();
    if (!event) {
      const seq = e.complaintId
        ? ((await WebhookSequence.findOneAndUpdate({ _id: e.complaintId }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean())?.seq ?? 1)
        : 0;
      const body = JSON.stringify({ id: e.id, type: e.type, createdAt: e.occurredAt.toISOString(), apiVersion: webhookApiVersion, data: e.data });
      const doc = {
        _id: e.id,
        type: e.type,
        complaintId: e.complaintId,
        reference: e.reference,
        seq,
        order: e.order,
        gateRev: e.gateRev ?? null,
        body,
        occurredAt: e.occurredAt,
      };
      await WebhookEvent.create(doc).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      event = await WebhookEvent.findById(e.id).lean();
    }
    if (!event) throw new Error(`webhook event ${e.id} vanished`);
    const giveUpAt = new Date(now.getTime() + services().env.WEBHOOK_RETRY_HOURS * HOUR_MS);
    const existing = new Set((await WebhookDelivery.find({ eventId: e.id }, { endpointId: 1 }).lean()).map((d) => d.endpointId));
    const missing = endpoints.filter((ep) => !existing.has(ep));
    if (missing.length === 0) return 0;
    await WebhookDelivery.insertMany(
      missing.map((ep) => ({
        _id: `${e.id}:${ep}`,
        eventId: e.id,
        endpointId: ep,
        type: event.type,
        complaintId: event.complaintId ?? null,
        reference: event.reference ?? null,
        seq: event.seq,
        order: event.order,
        gateRev: event.gateRev ?? null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        giveUpAt,
        createdAt: now,
      })),
      { ordered: false },
    ).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    return missing.length;
  });
  if (count > 0) kickWebhookDelivery();
  return { deliveries: count };
}

/** The ping "send test event" delivers to one endpoint. */
export function testEventInput(endpointId: string, id: string, at: Date): WebhookEventInput {
  return {
    id,
    type: webhookTestEventType,
    complaintId: null,
    reference: null,
    occurredAt: at,
    order: 0,
    data: { message: 'This is a test event from Redress.', endpointId },
    endpointId,
  };
}
