import { z } from 'zod';

/** The events an endpoint can subscribe to (the body's `type`). */
export const webhookEventTypes = [
  'complaint.filed',
  'complaint.assigned',
  'complaint.status_changed',
  'complaint.replied',
  'complaint.sla_at_risk',
  'complaint.sla_breached',
  'complaint.csat',
  'remedy.requested',
  'remedy.approved',
  'remedy.declined',
  'remedy.issued',
  'remedy.fulfilled',
  'remedy.fulfilment_failed',
  'voucher.redeemed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The type of the event sent by "send test event"; delivered to that endpoint only. */
export const webhookTestEventType = 'webhook.test';

/** The `apiVersion` every webhook body carries; bumped on an incompatible change of the payloads. */
export const webhookApiVersion = '2026-12-01';

/** Headers of a webhook request. */
export const webhookHeaders = {
  signature: 'Redress-Signature',
  eventId: 'Redress-Event-Id',
  eventType: 'Redress-Event-Type',
} as const;

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Use an http:// or https:// URL without user name or password');

const eventList = z
  .array(z.enum(webhookEventTypes))
  .min(1, 'Choose at least one event')
  .transform((v) => [...new Set(v)]);

/** Body of POST /api/admin/webhooks. */
export const webhookCreateSchema = z.strictObject({
  url: webhookUrl,
  description: z.string().trim().max(200).default(''),
  events: eventList,
  active: z.boolean().default(true),
});
export type WebhookCreateInput = z.infer<typeof webhookCreateSchema>;

/** Body of PATCH /api/admin/webhooks/:id. */
export const webhookUpdateSchema = z.strictObject({
  url: webhookUrl.optional(),
  description: z.string().trim().max(200).optional(),
  events: eventList.optional(),
  active: z.boolean().optional(),
});
export type WebhookUpdateInput = z.infer<typeof webhookUpdateSchema>;

/** Body of PUT /api/admin/webhooks/settings. */
export const webhookSettingsSchema = z.strictObject({
  /** Allow endpoints on loopback, link-local and private addresses (off: refused, against request forgery). */
  allowPrivateAddresses: z.boolean(),
});
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

/** Query of GET /api/admin/webhooks/:id/deliveries. */
export const webhookDeliveriesQuerySchema = z.strictObject({
  status: z.enum(webhookDeliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An endpoint as admins see it: never its secret (shown once, when created or rotated). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
  /** Why it is inactive when the system turned it off ('failing'), else null. */
  disabledReason: string | null;
  disabledAt: string | null;
  /** The secret's last four characters, to tell secrets apart. */
  secretHint: string;
  lastSuccessAt: string | null;
  failingSince: string | null;
  createdAt: string;
}

/** Answer of POST /api/admin/webhooks and of rotating the secret: the only time the secret is shown. */
export interface WebhookEndpointCreated {
  endpoint: WebhookEndpointView;
  secret: string;
}

/** One HTTP attempt of a delivery. */
export interface WebhookAttemptView {
  at: string;
  statusCode: number | null;
  latencyMs: number;
  /** The first 1,000 characters of the answer's body. */
  response: string;
  /** Connection error, timeout or refused address, else null. */
  error: string | null;
}

/** One event to one endpoint, and its attempts (newest first). */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  type: string;
  complaintId: string | null;
  reference: string | null;
  sequence: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  lastStatusCode: number | null;
  body: string;
  log: WebhookAttemptView[];
}

/** Body of POST /api/remedies/:id/fulfilment (the shop or payment system, with X-Api-Key). */
export const remedyFulfilmentSchema = z.strictObject({
  status: z.enum(['fulfilled', 'failed']),
  /** The other system's reference (refund id, shipment number). */
  reference: z.string().trim().max(200).optional(),
  /** Why it failed, or a note for the staff. */
  note: z.string().trim().max(1000).optional(),
});
export type RemedyFulfilmentInput = z.infer<typeof remedyFulfilmentSchema>;
