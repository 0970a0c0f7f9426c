import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { webhookDeliveryStatuses } from '@redress/shared';

/**
 * The webhook collections. An event is stored once (`webhook_events`, _id = the event id the
 * receiver sees); each endpoint that wanted it gets one delivery (`webhook_deliveries`, _id =
 * `<eventId>:<endpointId>`, so recording twice delivers once) and each HTTP try of a delivery one
 * attempt row (`webhook_attempts`, the delivery log; no unbounded arrays).
 */

const endpointSchema = new Schema(
  {
    url: { type: String, required: true },
    description: { type: String, default: '' },
    events: { type: [String], default: [] },
    active: { type: Boolean, required: true },
    /**
     * The signing secret, kept as is: the server needs it to sign every request (a hash could
     * not sign). Presenters never send it; the admin sees it once, when it is made.
     */
    secret: { type: String, required: true },
    /** 'failing' when the system turned the endpoint off after sustained failure. */
    disabledReason: { type: String, default: null },
    disabledAt: { type: Date, default: null },
    lastSuccessAt: { type: Date, default: null },
    /** First failed attempt since the last success (null while healthy). */
    failingSince: { type: Date, default: null },
    createdBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
endpointSchema.index({ active: 1 });
export type WebhookEndpointFields = InferSchemaType<typeof endpointSchema>;
export const WebhookEndpoint = mongoose.model('WebhookEndpoint', endpointSchema, 'webhook_endpoints');

const eventSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    complaintId: { type: String, default: null },
    reference: { type: String, default: null },
    /** Number of the event among its complaint's events, in the order they were recorded (1, 2, ...). */
    seq: { type: Number, required: true },
    /**
     * Where the event sits in its complaint's history: the feed revision of the change it comes
     * from (+0.1 for the second event of one change), or the complaint's revision when a remedy step
     * happened +0.5 (after that revision's events, before the next). Deliveries go out by (order, seq).
     */
    order: { type: Number, required: true },
    /** Events from outside the feed (remedy steps) wait until the feed's webhook events up to this revision are recorded. */
    gateRev: { type: Number, default: null },
    /** The exact JSON body sent (and signed) on every attempt. */
    body: { type: String, required: true },
    occurredAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, _id: false },
);
export const WebhookEvent = mongoose.model('WebhookEvent', eventSchema, 'webhook_events');

const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    endpointId: { type: String, required: true },
    type: { type: String, required: true },
    /** The ordering group: null for test events (no order to keep). */
    complaintId: { type: String, default: null },
    reference: { type: String, default: null },
    seq: { type: Number, required: true },
    order: { type: Number, required: true },
    gateRev: { type: Number, default: null },
    status: { type: String, enum: webhookDeliveryStatuses, required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, default: null },
    /** Retries stop (status failed) once an attempt fails after this. */
    giveUpAt: { type: Date, required: true },
    firstAttemptAt: { type: Date, default: null },
    lastAttemptAt: { type: Date, default: null },
    lastStatusCode: { type: Number, default: null },
    deliveredAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, _id: false },
);
// Equality lookups only (FerretDB evaluates anything else in Go): pending work, and an endpoint's log.
deliverySchema.index({ status: 1 });
deliverySchema.index({ endpointId: 1, createdAt: -1 });
export type WebhookDeliveryFields = InferSchemaType<typeof deliverySchema>;
export const WebhookDelivery = mongoose.model('WebhookDelivery', deliverySchema, 'webhook_deliveries');

const attemptSchema = new Schema(
  {
    deliveryId: { type: String, required: true },
    endpointId: { type: String, required: true },
    at: { type: Date, required: true },
    statusCode: { type: Number, default: null },
    latencyMs: { type: Number, required: true },
    response: { type: String, default: '' },
    error: { type: String, default: null },
  },
  { strict: true, versionKey: false },
);
attemptSchema.index({ deliveryId: 1 });
export const WebhookAttempt = mongoose.model('WebhookAttempt', attemptSchema, 'webhook_attempts');

/** Per complaint, the last sequence number given to one of its events. */
const sequenceSchema = new Schema({ _id: String, seq: { type: Number, default: 0 } }, { versionKey: false, _id: false });
export const WebhookSequence = mongoose.model('WebhookSequence', sequenceSchema, 'webhook_sequences');

/** Admin settings of the integrations module, one document per _id ('webhooks'). */
const settingSchema = new Schema(
  { _id: String, value: { type: Schema.Types.Mixed, required: true }, updatedAt: Date, updatedBy: String },
  { strict: true, versionKey: false, _id: false },
);
export const IntegrationSetting = mongoose.model('IntegrationSetting', settingSchema, 'integration_settings');

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}
