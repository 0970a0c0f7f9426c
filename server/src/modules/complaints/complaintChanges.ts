import type { ComplaintStatus } from '@redress/shared';
import { services } from '../../platform/context';

/**
 * What happened to a complaint, published by the complaints commands after their write is stored.
 * Other domains (routing, SLA, compensation, analytics) subscribe in server/src/routes.ts.
 */
export type ComplaintChange =
  | { type: 'filed'; complaintId: string; at: Date }
  | { type: 'status_changed'; complaintId: string; at: Date; from: ComplaintStatus; to: ComplaintStatus; actorId: string | null }
  | { type: 'assigned'; complaintId: string; at: Date; assigneeId: string | null; previousAssigneeId: string | null }
  | { type: 'staff_reply'; complaintId: string; at: Date; actorId: string; first: boolean }
  | { type: 'customer_reply'; complaintId: string; at: Date }
  | { type: 'priority_changed'; complaintId: string; at: Date }
  | { type: 'categorised'; complaintId: string; at: Date }
  | { type: 'csat'; complaintId: string; at: Date; score: number }
  | { type: 'sla_breached'; complaintId: string; at: Date; clock: string; breachedByMs: number };

export type ComplaintListener = (change: ComplaintChange) => Promise<void>;

const listeners: { name: string; fn: ComplaintListener }[] = [];

/** Subscribe a domain to complaint changes. Listeners must be idempotent (changes may repeat). */
export function onComplaintChange(name: string, fn: ComplaintListener): void {
  if (!listeners.some((l) => l.name === name)) listeners.push({ name, fn });
}

/**
 * Run every listener in order, after the change is stored. A failing listener is logged and does
 * not stop the others; each domain's sweep job reconciles what a failed listener missed.
 */
export async function publishComplaintChange(change: ComplaintChange): Promise<void> {
  for (const l of listeners) {
    try {
      await l.fn(change);
    } catch (err) {
      services().logger.error({ err, listener: l.name, change: change.type, complaintId: change.complaintId }, 'complaint listener failed');
    }
  }
}
