import type { Job } from '../../../platform/jobs/runner';
import { services } from '../../../platform/context';
import { WebhookAttempt, WebhookDelivery, WebhookEvent } from '../webhook.models';

/** Delivered deliveries (and their attempts and events) are kept this long for the delivery log. */
export const WEBHOOK_LOG_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Keeps the delivery log bounded: delivered deliveries older than WEBHOOK_LOG_DAYS go with their
 * attempts, and events no delivery refers to any more. Pending and failed ones stay (an admin may
 * still redeliver them). Reads by status equality and filters dates in memory (FerretDB evaluates
 * ranges in Go anyway); at most 5,000 per run.
 */
export async function pruneWebhookLog(): Promise<{ deliveries: number; events: number }> {
  const cutoff = services().clock.now().getTime() - WEBHOOK_LOG_DAYS * DAY_MS;
  const delivered = await WebhookDelivery.find({ status: 'delivered' }, { _id: 1, eventId: 1, deliveredAt: 1 }).lean();
  const old = delivered.filter((d) => d.deliveredAt && d.deliveredAt.getTime() < cutoff).slice(0, 5_000);
  if (old.length === 0) return { deliveries: 0, events: 0 };
  const ids = old.map((d) => d._id);
  await WebhookAttempt.deleteMany({ deliveryId: { $in: ids } });
  await WebhookDelivery.deleteMany({ _id: { $in: ids } });
  const eventIds = [...new Set(old.map((d) => d.eventId))];
  const still = new Set((await WebhookDelivery.find({ eventId: { $in: eventIds } }, { eventId: 1 }).lean()).map((d) => d.eventId));
  const gone = eventIds.filter((e) => !still.has(e));
  if (gone.length) await WebhookEvent.deleteMany({ _id: { $in: gone } });
  return { deliveries: ids.length, events: gone.length };
}

export const webhookLogPruneJob: Job = { name: 'webhook-log-prune', everyMs: 3_600_000, run: () => pruneWebhookLog() };
