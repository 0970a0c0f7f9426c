import type { WebhookAttemptView, WebhookDeliveryStatus, WebhookDeliveryView, WebhookEndpointView, WebhookEventType } from '@redress/shared';
import type { WebhookDeliveryFields, WebhookEndpointFields } from './webhook.models';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** An endpoint for admins: never the secret, only its last four characters. */
export function presentEndpoint(e: WebhookEndpointFields & { _id: unknown }): WebhookEndpointView {
  return {
    id: String(e._id),
    url: e.url,
    description: e.description ?? '',
    events: e.events as WebhookEventType[],
    active: e.active,
    disabledReason: e.disabledReason ?? null,
    disabledAt: iso(e.disabledAt),
    secretHint: e.secret.slice(-4),
    lastSuccessAt: iso(e.lastSuccessAt),
    failingSince: iso(e.failingSince),
    createdAt: e.createdAt.toISOString(),
  };
}

export function presentDelivery(
  d: WebhookDeliveryFields & { _id: string },
  body: string,
  log: { at: Date; statusCode?: number | null; latencyMs: number; response?: string | null; error?: string | null }[],
): WebhookDeliveryView {
  return {
    id: d._id,
    eventId: d.eventId,
    type: d.type,
    complaintId: d.complaintId ?? null,
    reference: d.reference ?? null,
    sequence: d.seq,
    status: d.status as WebhookDeliveryStatus,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
    lastStatusCode: d.lastStatusCode ?? null,
    body,
    log: log.map((a): WebhookAttemptView => ({
      at: a.at.toISOString(),
      statusCode: a.statusCode ?? null,
      latencyMs: a.latencyMs,
      response: a.response ?? '',
      error: a.error ?? null,
    })),
  };
}
