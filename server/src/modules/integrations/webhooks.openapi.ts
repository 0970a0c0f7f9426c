import {
  webhookApiVersion,
  webhookCreateSchema,
  webhookDeliveriesQuerySchema,
  webhookEventTypes,
  webhookHeaders,
  webhookSettingsSchema,
  webhookTestEventType,
  webhookUpdateSchema,
} from '@redress/shared';
import type { Json, ModuleApiDoc } from '../../platform/http/openapi';

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const nullableNum = { type: ['number', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

const complaint: Json = {
  type: 'object',
  description: 'The complaint as it stood when the event was queued for sending (presenter: integrations/webhook.payloads.ts).',
  required: ['id', 'reference', 'status', 'priority', 'category', 'customer', 'createdAt'],
  properties: {
    id: str,
    reference: { type: 'string', examples: ['C-2026-000123'] },
    status: { type: 'string', enum: ['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'] },
    priority: str,
    category: str,
    rootCause: str,
    kind: str,
    severity: str,
    channel: str,
    subject: str,
    language: str,
    orderRef: nullableStr,
    amount: nullableNum,
    currency: nullableStr,
    customer: { type: 'object', properties: { name: str, email: str, tier: str } },
    teamId: nullableStr,
    assignee: { type: ['object', 'null'], properties: { id: str, name: nullableStr } },
    createdAt: dateTime,
    firstResponseAt: nullableDateTime,
    resolvedAt: nullableDateTime,
    closedAt: nullableDateTime,
    csat: { type: ['object', 'null'], properties: { score: { type: 'number' } } },
  },
};

const remedy: Json = {
  type: 'object',
  required: ['id', 'complaintId', 'reference', 'type', 'status', 'amount'],
  properties: {
    id: str,
    complaintId: str,
    reference: str,
    type: { type: 'string', enum: ['apology', 'voucher', 'refund', 'replacement', 'repair', 'points', 'surprise_gift'] },
    status: { type: 'string', enum: ['suggested', 'pending_approval', 'approved', 'declined', 'issued'] },
    amount: { type: 'number' },
    currency: nullableStr,
    issuedAt: nullableDateTime,
    voucher: { type: ['object', 'null'], properties: { code: str, expiresAt: dateTime } },
    fulfilment: {
      type: ['object', 'null'],
      description: 'For remedies another system carries out: pending once issued, then fulfilled or failed (POST /api/remedies/{id}/fulfilment).',
      properties: { status: { type: 'string', enum: ['pending', 'fulfilled', 'failed'] }, at: nullableDateTime, reference: nullableStr, note: nullableStr },
    },
    decisionReason: { type: ['string', 'null'], description: 'Why it was declined (declined only).' },
  },
};

const voucher: Json = {
  type: 'object',
  properties: { code: str, amount: { type: 'number' }, currency: nullableStr, redeemedAt: dateTime, orderRef: str, remedyId: str, complaintId: str },
};

const changes: Record<string, Json> = {
  'complaint.filed': { type: 'object', properties: {} },
  'complaint.assigned': { type: 'object', properties: { assigneeId: str, previousAssigneeId: nullableStr } },
  'complaint.status_changed': { type: 'object', properties: { from: str, to: str, by: { type: 'string', enum: ['staff', 'customer', 'system'] } } },
  'complaint.replied': {
    type: 'object',
    description: 'Public messages only (staff replies and customer messages); internal notes are never sent.',
    properties: { message: { type: 'object', properties: { id: str, author: { type: 'string', enum: ['staff', 'customer'] }, body: str } } },
  },
  'complaint.sla_at_risk': { type: 'object', properties: { clock: { type: 'string', enum: ['firstResponse', 'resolution'] } } },
  'complaint.sla_breached': {
    type: 'object',
    properties: { clock: { type: 'string', enum: ['firstResponse', 'resolution'] }, breachedByMs: { type: 'number' } },
  },
  'complaint.csat': { type: 'object', properties: { score: { type: 'number' } } },
};

function dataSchema(type: string): Json {
  if (type.startsWith('complaint.'))
    return { type: 'object', required: ['complaint', 'change'], properties: { complaint, change: changes[type] ?? { type: 'object' } } };
  if (type.startsWith('remedy.')) return { type: 'object', required: ['remedy'], properties: { remedy } };
  if (type === 'voucher.redeemed') return { type: 'object', required: ['voucher'], properties: { voucher } };
  return { type: 'object', properties: { message: str, endpointId: str } };
}

const headerParams: Json[] = [
  {
    name: webhookHeaders.signature,
    in: 'header',
    required: true,
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. Verify it before trusting the body (README: Webhooks).',
    schema: { type: 'string' },
  },
  {
    name: webhookHeaders.eventId,
    in: 'header',
    required: true,
    description: 'The event id (also `id` in the body): dedupe on it, a delivery may come more than once.',
    schema: str,
  },
  { name: webhookHeaders.eventType, in: 'header', required: true, schema: str },
];

function webhook(type: string): Json {
  return {
    post: {
      summary: type === webhookTestEventType ? 'Test event ("send test event" in the admin page)' : `Event ${type}`,
      description:
        'Sent as POST with a JSON body to every active endpoint subscribed to the type. At least once, in order per complaint; a 2xx answer within 10 s is success, ' +
        'anything else is retried with exponential backoff for 24 h. Redirects are not followed.',
      tags: ['webhooks'],
      parameters: headerParams,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['id', 'type', 'createdAt', 'apiVersion', 'data'],
              properties: { id: str, type: { const: type }, createdAt: dateTime, apiVersion: { const: webhookApiVersion }, data: dataSchema(type) },
            },
          },
        },
      },
      responses: { '2XX': { description: 'Received; anything else (or no answer in 10 s) is retried' } },
    },
  };
}

/** Webhook endpoints (admins) and the requests Redress sends them (`webhooks`). */
export const webhooksApiDoc: ModuleApiDoc = {
  tag: { name: 'webhooks', description: 'Signed outbound webhooks: endpoints, delivery log, test events, redelivery' },
  paths: {
    '/api/admin/webhooks': {
      get: { summary: 'Webhook endpoints', access: 'admin', responses: { 200: '`{ items: WebhookEndpointView[] }` (never the secret)' } },
      post: {
        summary: 'Add an endpoint; the answer shows its signing secret, the only time it is shown',
        description:
          'The URL must be http(s) and resolve to public addresses unless private addresses are allowed (settings or WEBHOOK_ALLOW_PRIVATE_ADDRESSES); otherwise 400 on `url`.',
        access: 'admin',
        body: webhookCreateSchema,
        responses: { 201: '`{ endpoint, secret }`' },
      },
    },
    '/api/admin/webhooks/settings': {
      get: { summary: 'Webhook settings', access: 'admin', responses: { 200: '`{ settings: { allowPrivateAddresses }, envAllowsPrivate }`' } },
      put: { summary: 'Save webhook settings', access: 'admin', body: webhookSettingsSchema, responses: { 200: '`{ settings, envAllowsPrivate }`' } },
    },
    '/api/admin/webhooks/{id}': {
      patch: {
        summary: 'Change an endpoint (turning it on again clears an automatic disabling)',
        access: 'admin',
        body: webhookUpdateSchema,
        responses: { 200: '`{ endpoint }`' },
      },
      delete: { summary: 'Delete an endpoint and its pending deliveries', access: 'admin', responses: { 204: 'Deleted' } },
    },
    '/api/admin/webhooks/{id}/secret': {
      post: { summary: 'Make a new signing secret (shown once; the old one stops at once)', access: 'admin', responses: { 200: '`{ endpoint, secret }`' } },
    },
    '/api/admin/webhooks/{id}/test': {
      post: { summary: `Queue a ${webhookTestEventType} event for this endpoint`, access: 'admin', responses: { 202: '`{ eventId, deliveryId }`' } },
    },
    '/api/admin/webhooks/{id}/deliveries': {
      get: {
        summary: "An endpoint's deliveries, newest first, each with its attempts (status code, latency, first 1,000 characters of the answer)",
        access: 'admin',
        query: webhookDeliveriesQuerySchema,
        responses: { 200: '`{ items: WebhookDeliveryView[] }`' },
      },
    },
    '/api/admin/webhooks/deliveries/{deliveryId}/redeliver': {
      post: { summary: 'Send a delivery again (pending, due now, a fresh 24 h of retries)', access: 'admin', responses: { 202: '`{ deliveryId }`' } },
    },
  },
  webhooks: Object.fromEntries([...webhookEventTypes, webhookTestEventType].map((t) => [t, webhook(t)])),
};
