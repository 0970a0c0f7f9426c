/**
 * The complaints module's commands for routing, escalation and SLA: the only way other modules
 * change who holds a complaint, its team, priority, SLA state or customer snapshot. Each is one
 * complaint write with its change (feed/complaintWriter.ts); the feed's subscribers react.
 */
import { Types } from 'mongoose';
import { derivedPriority, isOpen, type ComplaintStatus, type PriorityLevel, type PrioritySource, type ServerText } from '@redress/shared';
import { eachOf, findMerged } from '../../../platform/db/equalityFanOut';
import { Complaint } from '../complaint.model';
import type { ComplaintChangeData } from '../complaintChanges';
import { mutateComplaint, type ComplaintWritten, type LeanComplaint } from '../feed/complaintWriter';

export interface AssignmentHow {
  strategy: string;
  reason: string;
  /** The reason as a code with parameters (shared/src/common/serverText.ts), for the viewer's language. */
  reasonText?: ServerText;
  /** Who decided (a name: "Redress" for routing). */
  by: string;
  at: Date;
  /** Also set the team (first routing) and the priority score routing computed. */
  teamId?: string | null;
  priorityScore?: number;
}

/**
 * Give the complaint to `agent`, conditional on the assignee the caller saw (a stale decision
 * changes nothing and returns null). New complaints move to `assigned`.
 */
export function assignComplaint(c: LeanComplaint, agent: { id: string; name: string }, how: AssignmentHow): Promise<ComplaintWritten | null> {
  const previous = c.assigneeId ? String(c.assigneeId) : null;
  return mutateComplaint(
    c._id,
    (fresh) => {
      if ((fresh.assigneeId ? String(fresh.assigneeId) : null) !== previous || !isOpen(fresh.status)) return null;
      return {
        set: {
          assigneeId: new Types.ObjectId(agent.id),
          assigneeName: agent.name,
          assignedAt: how.at,
          queuedAt: null,
          assignment: { strategy: how.strategy, reason: how.reason, reasonText: how.reasonText ?? null, at: how.at, by: how.by },
          updatedAt: how.at,
          ...(fresh.status === 'new' ? { status: 'assigned' } : {}),
          ...(how.teamId !== undefined ? { teamId: how.teamId ? new Types.ObjectId(how.teamId) : null } : {}),
          ...(how.priorityScore !== undefined ? { priorityScore: how.priorityScore } : {}),
        },
        change: {
          type: 'assigned',
          assigneeId: agent.id,
          previousAssigneeId: previous,
          strategy: how.strategy,
          reason: how.reason,
          ...(how.reasonText ? { reasonText: how.reasonText } : {}),
          by: how.by,
        },
      };
    },
    { current: c },
  );
}

/**
 * Routing found nobody free: the complaint waits in its team's queue (team and score stored with
 * it). Once per stay in the queue; a score change alone is recorded as 'scored'.
 */
export function queueComplaint(c: LeanComplaint, at: Date, teamId: string | null, priorityScore: number): Promise<ComplaintWritten | null> {
  return mutateComplaint(
    c._id,
    (fresh) => {
      if (fresh.assigneeId || !isOpen(fresh.status)) return null;
      const team = teamId ? new Types.ObjectId(teamId) : null;
      const sameTeam = String(fresh.teamId ?? '') === String(team ?? '');
      if (fresh.queuedAt && sameTeam) {
        if (fresh.priorityScore === priorityScore) return null;
        return { set: { priorityScore }, change: { type: 'scored', score: priorityScore } };
      }
      return { set: { queuedAt: at, teamId: team, priorityScore, updatedAt: at }, change: { type: 'queued' } };
    },
    { current: c },
  );
}

/** Statuses an unassigned complaint falls back to (work had not started for a new owner). */
function statusWithoutAssignee(s: ComplaintStatus): ComplaintStatus {
  return s === 'assigned' || s === 'in_progress' ? 'new' : s;
}

/** The assignee hands the complaint back; routing will not offer it to them again. */
export async function handBackComplaint(c: LeanComplaint, user: { id: string; name: string }, reason: string, at: Date): Promise<ComplaintWritten | null> {
  return mutateComplaint(
    c._id,
    (fresh) => {
      if (String(fresh.assigneeId ?? '') !== user.id || !isOpen(fresh.status)) return null;
      return {
        set: {
          assigneeId: null,
          assigneeName: null,
          assignedAt: null,
          queuedAt: null,
          status: statusWithoutAssignee(fresh.status),
          handedBackBy: [...(fresh.handedBackBy ?? []), new Types.ObjectId(user.id)],
          updatedAt: at,
        },
        change: { type: 'assigned', assigneeId: null, previousAssigneeId: user.id, reason, by: user.name },
      };
    },
    { current: c },
  );
}

/**
 * The one escalation: to the senior team's queue, unassigned, work not yet started for the new
 * owner. Agents, supervisors and SLA policies all escalate through here. Null when the complaint
 * is closed or already with that team.
 */
export function escalateComplaint(
  complaintId: unknown,
  to: { teamId: string; teamName: string },
  why: { reason: string; by: string; at: Date },
): Promise<ComplaintWritten | null> {
  return mutateComplaint(complaintId, (fresh) => {
    if (!isOpen(fresh.status) || String(fresh.teamId ?? '') === to.teamId) return null;
    return {
      set: {
        teamId: new Types.ObjectId(to.teamId),
        assigneeId: null,
        assigneeName: null,
        assignedAt: null,
        queuedAt: null,
        status: statusWithoutAssignee(fresh.status),
        updatedAt: why.at,
      },
      change: {
        type: 'escalated',
        teamId: to.teamId,
        previousTeamId: fresh.teamId ? String(fresh.teamId) : null,
        previousAssigneeId: fresh.assigneeId ? String(fresh.assigneeId) : null,
        reason: why.reason,
        by: why.by,
      },
    };
  });
}

/**
 * Set the displayed priority, conditional on the level the caller saw (a repeat cannot bump twice)
 * and, for routing's derived level, on the source (`derivedPriority`: a staff choice stands, an SLA
 * raise is never lowered). `score` is the routing score the level came from.
 */
export function setComplaintPriority(
  complaintId: unknown,
  from: PriorityLevel,
  to: PriorityLevel,
  why: { reason: string; source: Exclude<PrioritySource, 'filed'>; score?: number },
  at: Date,
): Promise<ComplaintWritten | null> {
  return mutateComplaint(complaintId, (fresh) => {
    if (fresh.priority !== from || from === to) return null;
    if (why.source === 'routing' && derivedPriority(fresh.priority, fresh.prioritySource, why.score ?? 0) !== to) return null;
    return {
      set: { priority: to, prioritySource: why.source, updatedAt: at },
      change: { type: 'priority_changed', from, to, reason: why.reason, source: why.source, ...(why.score !== undefined ? { score: why.score } : {}) },
    };
  });
}

/**
 * Store SLA state the SLA module computed from the current complaint (`compute` runs on fresh state
 * and may run again; null = nothing to store). The change says what happened to the clocks.
 */
export function recordSlaState<T>(
  complaintId: unknown,
  compute: (c: LeanComplaint) => Promise<{ sla: T; change: Extract<ComplaintChangeData, { type: 'sla_updated' | 'sla_alert' }> } | null>,
): Promise<ComplaintWritten | null> {
  return mutateComplaint(complaintId, async (fresh) => {
    const next = await compute(fresh);
    return next ? { set: { sla: next.sla }, change: next.change } : null;
  });
}

export type CustomerSnapshot = Partial<Pick<LeanComplaint['customer'], 'tier' | 'lifetimeValue' | 'lifecycleStage'>>;

/**
 * Customers' values changed (import, tier thresholds): refresh the snapshot their open complaints
 * carry (routing and compensation read it), one complaint write each, with a 'customer_changed'
 * change. Returns how many complaints changed.
 */
export async function refreshCustomerSnapshots(updates: { customerId: Types.ObjectId; snapshot: CustomerSnapshot }[]): Promise<number> {
  if (updates.length === 0) return 0;
  const byCustomer = new Map(updates.map((u) => [String(u.customerId), u.snapshot]));
  // Per customer (an equality the store answers from an index), open ones picked here.
  const open = (
    await findMerged<{ _id: Types.ObjectId; customerId: Types.ObjectId; status: string }>(
      Complaint as never,
      eachOf(
        'customerId',
        updates.map((u) => u.customerId),
      ),
      { projection: { _id: 1, customerId: 1, status: 1 } },
    )
  ).filter((c) => isOpen(c.status as ComplaintStatus));
  let changed = 0;
  for (const c of open) {
    const snapshot = byCustomer.get(String(c.customerId)) ?? {};
    const written = await mutateComplaint(c._id, (fresh) => {
      const set: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(snapshot))
        if (v !== undefined && (fresh.customer as unknown as Record<string, unknown>)[k] !== v) set[`customer.${k}`] = v;
      return Object.keys(set).length ? { set, change: { type: 'customer_changed' } } : null;
    });
    if (written) changed++;
  }
  return changed;
}
