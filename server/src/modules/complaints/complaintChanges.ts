import type { ComplaintStatus, PriorityLevel, PrioritySource, ServerText, SlaClockName } from '@redress/shared';

/** A status change that came with another change (a reply starts work, a customer reply reopens). */
export interface StatusMove {
  from: ComplaintStatus;
  to: ComplaintStatus;
}

/**
 * What happened to a complaint. Every complaint write (complaints/feed/complaintWriter.ts) stores
 * one of these as the next revision of the complaint's change feed before it answers; subscribers
 * (routing, SLA, compensation, rollups, mail, realtime; wired in server/src/routes.ts) consume the
 * feed afterwards, in order per complaint, with retries (complaints/feed/feedDispatcher.ts).
 */
export type ComplaintChangeData =
  | { type: 'filed' }
  | {
      type: 'status_changed';
      from: ComplaintStatus;
      to: ComplaintStatus;
      actorId: string | null;
      actor?: { kind: 'customer' | 'staff' | 'system'; name: string };
      reason?: string;
    }
  | {
      type: 'assigned';
      assigneeId: string | null;
      previousAssigneeId: string | null;
      reason?: string;
      reasonText?: ServerText;
      strategy?: string;
      by?: string;
      notify?: boolean;
    }
  | { type: 'queued' }
  | { type: 'escalated'; teamId: string; previousTeamId: string | null; previousAssigneeId: string | null; reason: string; by: string }
  | { type: 'staff_reply'; actorId: string; first: boolean; eventId: string; messageId: string; body: string; status?: StatusMove }
  | { type: 'customer_reply'; eventId: string; status?: StatusMove }
  | { type: 'note'; eventId: string }
  | { type: 'attachment'; eventId: string }
  | { type: 'priority_changed'; from: PriorityLevel; to: PriorityLevel; reason: string; source?: PrioritySource; score?: number }
  | { type: 'scored'; score: number }
  | { type: 'categorised' }
  | { type: 'csat'; score: number }
  | { type: 'customer_changed' }
  | { type: 'sla_updated' }
  | { type: 'sla_alert'; clock: SlaClockName; kind: 'warn' | 'breach'; generation: number; breachedByMs: number };

export type ComplaintChangeType = ComplaintChangeData['type'];

/** A change as subscribers see it: the payload plus where it sits in the complaint's feed. */
export type ComplaintChange = ComplaintChangeData & { complaintId: string; rev: number; at: Date };
