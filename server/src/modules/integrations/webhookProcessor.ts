import type { WebhookEventType } from '@redress/shared';
import { ComplaintEvent } from '../complaints/complaintEvent.model';
import type { ComplaintChange } from '../complaints/complaintChanges';
import type { FeedSubscriber } from '../complaints/feed/feedDispatcher';
import type { LeanComplaint } from '../complaints/feed/complaintWriter';
import { webhookEventRecorder } from './commands/webhookEventRecorder';
import { presentWebhookComplaint } from './webhook.payloads';

interface Planned {
  id: string;
  /** 0 for the change's main event, 0.1 for the status change a reply made. */
  sub?: number;
  type: WebhookEventType;
  change: Record<string, unknown>;
}

/** The webhook events one complaint change stands for (a reply that moves the status is two). */
async function plan(ch: ComplaintChange): Promise<Planned[]> {
  const base = `evt_${ch.complaintId}_${ch.rev}`;
  const status = (move: { from: string; to: string } | undefined, extra: Record<string, unknown> = {}): Planned[] =>
    move ? [{ id: `${base}_status`, sub: 0.1, type: 'complaint.status_changed', change: { from: move.from, to: move.to, ...extra } }] : [];
  switch (ch.type) {
    case 'filed':
      return [{ id: base, type: 'complaint.filed', change: {} }];
    case 'assigned':
      return [{ id: base, type: 'complaint.assigned', change: { assigneeId: ch.assigneeId, previousAssigneeId: ch.previousAssigneeId } }];
    case 'status_changed':
      return [{ id: base, type: 'complaint.status_changed', change: { from: ch.from, to: ch.to, by: ch.actor?.kind ?? (ch.actorId ? 'staff' : 'system') } }];
    case 'staff_reply':
      return [
        { id: base, type: 'complaint.replied', change: { message: { id: ch.eventId, author: 'staff', body: ch.body } } },
        ...status(ch.status, { by: 'staff' }),
      ];
    case 'customer_reply': {
      const ev = await ComplaintEvent.findById(ch.eventId, { body: 1, visibility: 1 }).lean();
      const replied: Planned[] =
        ev && ev.visibility === 'public'
          ? [{ id: base, type: 'complaint.replied', change: { message: { id: ch.eventId, author: 'customer', body: ev.body } } }]
          : [];
      return [...replied, ...status(ch.status, { by: 'customer' })];
    }
    case 'sla_alert':
      return [
        {
          id: base,
          type: ch.kind === 'breach' ? 'complaint.sla_breached' : 'complaint.sla_at_risk',
          change: { clock: ch.clock, ...(ch.kind === 'breach' ? { breachedByMs: ch.breachedByMs } : {}) },
        },
      ];
    case 'csat':
      return [{ id: base, type: 'complaint.csat', change: { score: ch.score } }];
    default:
      return [];
  }
}

const accepted = new Set(['filed', 'assigned', 'status_changed', 'staff_reply', 'customer_reply', 'sla_alert', 'csat']);

/**
 * Webhooks on the change feed: each complaint change becomes zero or more events with ids derived
 * from the complaint and revision, recorded for the endpoints that want them (webhookEventRecorder,
 * idempotent). The feed hands changes over in revision order, so events are numbered in that order.
 * Sending happens in webhookDeliverer.ts, outside the feed, so a slow receiver never holds it up.
 */
export const webhookProcessor: FeedSubscriber = {
  name: 'webhooks',
  accepts: (ch) => accepted.has(ch.type) && !(ch.type === 'assigned' && !ch.assigneeId),
  async handle(changes, complaint: LeanComplaint | null) {
    if (!complaint) return;
    const presented = presentWebhookComplaint(complaint);
    for (const ch of changes) {
      for (const p of await plan(ch)) {
        await webhookEventRecorder({
          id: p.id,
          type: p.type,
          complaintId: ch.complaintId,
          reference: complaint.reference,
          occurredAt: ch.at,
          order: ch.rev + (p.sub ?? 0),
          data: { complaint: presented, change: p.change },
        });
      }
    }
  },
};
