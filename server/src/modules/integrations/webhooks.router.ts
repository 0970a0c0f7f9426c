import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import mongoose from 'mongoose';
import { webhookCreateSchema, webhookDeliveriesQuerySchema, webhookSettingsSchema, webhookUpdateSchema } from '@redress/shared';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { requireUser } from '../auth/session';
import { RefusedAddress, resolveTarget } from './addressGuard';
import { forgetWebhookEndpoints, testEventInput, webhookEventRecorder } from './commands/webhookEventRecorder';
import { privateAddressesAllowed, saveWebhookSettings, webhookSettings } from './settings';
import { newWebhookSecret } from './signature';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent } from './webhook.models';
import { presentDelivery, presentEndpoint } from './webhooks.presenter';
import { kickWebhookDelivery } from './webhookSignal';

/** 400 on `url` when the guard refuses it (scheme, unresolvable, private address not allowed). */
async function checkUrl(url: string): Promise<void> {
  try {
    await resolveTarget(url, await privateAddressesAllowed());
  } catch (err) {
    if (err instanceof RefusedAddress) throw errors.validation([{ path: 'url', message: `Refused: ${err.message}` }]);
    throw err;
  }
}

async function loadEndpoint(id: string) {
  if (!mongoose.isValidObjectId(id)) throw errors.notFound('Webhook endpoint');
  const e = await WebhookEndpoint.findById(id).lean();
  if (!e) throw errors.notFound('Webhook endpoint');
  return e;
}

/** Webhook endpoints, their delivery log, test events and redelivery (admins only). */
export function webhooksRouter(): Router {
  const router = Router();
  const admins = requireUser('admin');
  // Writes change which endpoints get events: the recorder's cache must not hold the old list.
  router.use((req, res, next) => {
    if (req.method !== 'GET') res.on('finish', forgetWebhookEndpoints);
    next();
  });

  router.get('/settings', admins, async (_req, res) => {
    res.json({ settings: await webhookSettings(), envAllowsPrivate: services().env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES });
  });

  router.put('/settings', admins, async (req, res) => {
    const input = parse(webhookSettingsSchema, req.body ?? {});
    res.json({ settings: await saveWebhookSettings(input, req.user!.id), envAllowsPrivate: services().env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES });
  });

  router.get('/', admins, async (_req, res) => {
    const items = await WebhookEndpoint.find().sort({ createdAt: 1 }).lean();
    res.json({ items: items.map(presentEndpoint) });
  });

  /** The answer is the only place the secret is ever shown. */
  router.post('/', admins, async (req, res) => {
    const input = parse(webhookCreateSchema, req.body ?? {});
    await checkUrl(input.url);
    const now = new Date();
    const secret = newWebhookSecret();
    const created = await WebhookEndpoint.create({ ...input, secret, createdBy: req.user!.id, createdAt: now, updatedAt: now });
    res.status(201).json({ endpoint: presentEndpoint(created.toObject()), secret });
  });

  router.patch('/:id', admins, async (req, res) => {
    const e = await loadEndpoint(String(req.params.id));
    const input = parse(webhookUpdateSchema, req.body ?? {});
    if (input.url !== undefined) await checkUrl(input.url);
    // Turning it on again clears the system's reason and the failure streak.
    const reactivate = input.active === true && !e.active ? { disabledReason: null, disabledAt: null, failingSince: null } : {};
    const next = await WebhookEndpoint.findByIdAndUpdate(e._id, { $set: { ...input, ...reactivate, updatedAt: new Date() } }, { new: true }).lean();
    res.json({ endpoint: presentEndpoint(next!) });
  });

  router.post('/:id/secret', admins, async (req, res) => {
    const e = await loadEndpoint(String(req.params.id));
    const secret = newWebhookSecret();
    const next = await WebhookEndpoint.findByIdAndUpdate(e._id, { $set: { secret, updatedAt: new Date() } }, { new: true }).lean();
    res.json({ endpoint: presentEndpoint(next!), secret });
  });

  router.delete('/:id', admins, async (req, res) => {
    const e = await loadEndpoint(String(req.params.id));
    await WebhookEndpoint.deleteOne({ _id: e._id });
    await WebhookDelivery.deleteMany({ endpointId: String(e._id), status: 'pending' });
    res.status(204).end();
  });

  /** Queue a `webhook.test` event for this endpoint only (sent by the deliverer like any other). */
  router.post('/:id/test', admins, async (req, res) => {
    const e = await loadEndpoint(String(req.params.id));
    const id = `evt_test_${randomBytes(8).toString('hex')}`;
    await webhookEventRecorder(testEventInput(String(e._id), id, services().clock.now()));
    res.status(202).json({ eventId: id, deliveryId: `${id}:${String(e._id)}` });
  });

  router.get('/:id/deliveries', admins, async (req, res) => {
    const e = await loadEndpoint(String(req.params.id));
    const q = parse(webhookDeliveriesQuerySchema, req.query, 'query');
    const filter = { endpointId: String(e._id), ...(q.status ? { status: q.status } : {}) };
    const rows = await WebhookDelivery.find(filter).sort({ createdAt: -1 }).limit(q.limit).lean();
    const ids = rows.map((r) => r._id);
    const [events, attempts] = await Promise.all([
      WebhookEvent.find({ _id: { $in: rows.map((r) => r.eventId) } }, { body: 1 }).lean(),
      WebhookAttempt.find({ deliveryId: { $in: ids } }).lean(),
    ]);
    const bodies = new Map(events.map((ev) => [ev._id, ev.body]));
    const logs = new Map<string, typeof attempts>();
    for (const a of attempts.sort((x, y) => y.at.getTime() - x.at.getTime())) logs.set(a.deliveryId, [...(logs.get(a.deliveryId) ?? []), a]);
    res.json({ items: rows.map((r) => presentDelivery(r, bodies.get(r.eventId) ?? '', (logs.get(r._id) ?? []).slice(0, 20))) });
  });

  /** Send a delivery again (delivered or failed): it becomes pending, due now, with a fresh retry window. */
  router.post('/deliveries/:deliveryId/redeliver', admins, async (req, res) => {
    const id = String(req.params.deliveryId);
    const d = await WebhookDelivery.findById(id).lean();
    if (!d) throw errors.notFound('Delivery');
    const now = services().clock.now();
    const giveUpAt = new Date(now.getTime() + services().env.WEBHOOK_RETRY_HOURS * 3_600_000);
    await WebhookDelivery.updateOne({ _id: id }, { $set: { status: 'pending', nextAttemptAt: now, giveUpAt, deliveredAt: null } });
    kickWebhookDelivery();
    res.status(202).json({ deliveryId: id });
  });

  return router;
}
