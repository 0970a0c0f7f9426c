import type { Types } from 'mongoose';
import { priorityLevels, socketRooms, type PriorityLevel, type SlaClockName, type SlaEscalationAction } from '@redress/shared';
import { services } from '../../../platform/context';
import { Team } from '../../auth/team.model';
import { User } from '../../auth/user.model';
import { Complaint } from '../../complaints/complaint.model';
import type { ComplaintFields } from '../../complaints/complaint.types';
import { publishComplaintChange } from '../../complaints/complaintChanges';
import { ComplaintEvent, type ComplaintEventType } from '../../complaints/complaintEvent.model';
import { broadcastComplaint } from '../../complaints/complaintHooks';
import { enqueueMail } from '../../notifications/outbox';
import { escalationFor } from './slaTargets';
import type { ComplaintSlaData } from '../slaState';

type Lean = ComplaintFields & { _id: Types.ObjectId };

export interface SlaAlert {
  complaint: Lean;
  sla: ComplaintSlaData;
  clock: SlaClockName;
  kind: 'warn' | 'breach';
  generation: number;
  at: Date;
}

const clockLabel: Record<SlaClockName, string> = { firstResponse: 'First response', resolution: 'Resolution' };

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** Append a timeline entry once per key; true when this call stored it. */
async function appendOnce(complaintId: Types.ObjectId, type: ComplaintEventType, body: string, data: Record<string, unknown>, dedupeKey: string, at: Date): Promise<boolean> {
  try {
    const e = await ComplaintEvent.create({ complaintId, type, visibility: 'internal', actor: { kind: 'system', id: null, name: 'SLA' }, body, data, dedupeKey, at });
    services().realtime.toRooms([socketRooms.complaint(String(complaintId))]).emit('complaint:timeline', { complaintId: String(complaintId), eventId: e.id });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Announce a warning or breach that the sweep has just recorded on the complaint: timeline entry,
 * 'sla:alert' to the assignee and the supervisors, the refreshed row to every console, the policy's
 * escalation actions, and (on breach) an 'sla_breached' change for compensation and analytics.
 * Runs once per fired timer: the timer claim and the conditional SLA write both guard it.
 */
export async function slaAlerter(a: SlaAlert): Promise<void> {
  const { realtime } = services();
  const id = String(a.complaint._id);
  const c = a.sla[a.clock];
  const key = `sla:${id}:${a.clock}:${a.kind}:${a.generation}`;
  const state = a.kind === 'warn' ? 'at_risk' : 'breached';
  const dueAt = c.dueAt ?? a.at;
  const body = `${clockLabel[a.clock]} target ${a.kind === 'warn' ? 'at risk' : 'breached'} (${a.sla.policyName})`;
  await appendOnce(a.complaint._id, 'sla', body, { clock: a.clock, state, dueAt, policy: a.sla.policyName }, key, a.at);

  const rooms: string[] = [socketRooms.supervisors];
  if (a.complaint.assigneeId) rooms.push(socketRooms.user(String(a.complaint.assigneeId)));
  realtime.toRooms(rooms).emit('sla:alert', { complaintId: id, reference: a.complaint.reference, clock: a.clock, state, dueAt: dueAt.toISOString(), at: a.at.toISOString() });
  await broadcastComplaint(a.complaint._id);

  for (const action of await escalationFor(a.sla.policyId, a.kind)) {
    try {
      await escalate(action, a, key);
    } catch (err) {
      services().logger.error({ err, action, complaintId: id }, 'SLA escalation action failed');
    }
  }
  if (a.kind === 'breach') {
    await publishComplaintChange({ type: 'sla_breached', complaintId: id, at: a.at, clock: a.clock, breachedByMs: c.breachedByMs });
  }
}

async function escalate(action: SlaEscalationAction, a: SlaAlert, key: string): Promise<void> {
  const id = String(a.complaint._id);
  const what = `${clockLabel[a.clock]} ${a.kind === 'warn' ? 'at risk' : 'breached'}`;
  switch (action) {
    case 'notify':
      // The alert itself went to the assignee and supervisors; this tells the whole team.
      if (!a.complaint.teamId) return;
      services().realtime.toRooms([socketRooms.team(String(a.complaint.teamId))]).emit('notification', { kind: `sla_${a.kind}`, text: `${a.complaint.reference}: ${what}`, complaintId: id, reference: a.complaint.reference, at: a.at.toISOString() });
      return;
    case 'raise_priority':
      return raisePriority(a, key);
    case 'reassign_senior':
      return reassignSenior(a, key);
    case 'email_supervisor': {
      const supervisors = await User.find({ role: 'supervisor', active: { $ne: false } }, { email: 1 }).lean();
      for (const s of supervisors) {
        await enqueueMail({
          dedupeKey: `${key}:mail:${String(s._id)}`,
          complaintId: a.complaint._id,
          to: s.email,
          subject: `[SLA] ${a.complaint.reference}: ${what}`,
          text: `${what} on complaint ${a.complaint.reference} ("${a.complaint.subject}"), policy ${a.sla.policyName}.\nOpen it: ${services().publicUrl}/console/complaints/${id}\n`,
        });
      }
      return;
    }
  }
}

/** One level up (urgent stays urgent); conditional on the priority read, so a repeat cannot bump twice. */
async function raisePriority(a: SlaAlert, key: string): Promise<void> {
  const from = a.complaint.priority;
  const to: PriorityLevel | undefined = priorityLevels[priorityLevels.indexOf(from) + 1];
  if (!to) return;
  const res = await Complaint.updateOne({ _id: a.complaint._id, priority: from }, { $set: { priority: to, updatedAt: a.at } });
  if (res.modifiedCount !== 1) return;
  await appendOnce(a.complaint._id, 'priority_changed', `Priority raised from ${from} to ${to} by SLA policy`, { from, to, reason: 'sla' }, `${key}:priority`, a.at);
  await publishComplaintChange({ type: 'priority_changed', complaintId: String(a.complaint._id), at: a.at });
}

/** Move to the senior team's queue, unassigned; routing hears 'assigned' and may pick a senior agent. */
async function reassignSenior(a: SlaAlert, key: string): Promise<void> {
  const senior = await Team.findOne({ senior: true }).lean();
  if (!senior || String(senior._id) === String(a.complaint.teamId)) return;
  const previous = a.complaint.assigneeId;
  const res = await Complaint.updateOne(
    { _id: a.complaint._id, teamId: a.complaint.teamId },
    { $set: { teamId: senior._id, assigneeId: null, assigneeName: null, assignedAt: null, updatedAt: a.at } },
  );
  if (res.modifiedCount !== 1) return;
  await appendOnce(a.complaint._id, 'escalated', `Escalated to ${senior.name} by SLA policy`, { teamId: String(senior._id), reason: 'sla' }, `${key}:senior`, a.at);
  await publishComplaintChange({ type: 'assigned', complaintId: String(a.complaint._id), at: a.at, assigneeId: null, previousAssigneeId: previous ? String(previous) : null });
  await broadcastComplaint(a.complaint._id);
}
