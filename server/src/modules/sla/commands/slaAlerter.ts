import type { Types } from 'mongoose';
import { priorityLevels, serverText, socketRooms, type PriorityLevel, type SlaClockName, type SlaEscalationAction } from '@redress/shared';
import { services } from '../../../platform/context';
import { User } from '../../auth/user.model';
import { complaintSupervisorRooms } from '../../auth/auth.policy';
import { escalateComplaint, setComplaintPriority } from '../../complaints/commands/complaintAssignment';
import { appendEvent } from '../../complaints/commands/timelineRecorder';
import type { LeanComplaint } from '../../complaints/feed/complaintWriter';
import { enqueueMail } from '../../notifications/outbox';
import { seniorTeam } from '../../routing/commands/complaintAssigner';
import { escalationFor } from './slaTargets';
import type { ComplaintSlaData } from '../slaState';

export interface SlaAlert {
  complaint: LeanComplaint & { _id: Types.ObjectId };
  sla: ComplaintSlaData;
  clock: SlaClockName;
  kind: 'warn' | 'breach';
  generation: number;
  at: Date;
}

const clockLabel: Record<SlaClockName, string> = { firstResponse: 'First response', resolution: 'Resolution' };

/**
 * Announce a warning or breach the sweep recorded (an 'sla_alert' change): timeline entry,
 * 'sla:alert' to the assignee and the supervisors, and the policy's escalation actions. Runs from
 * the SLA subscriber, so it may run twice after a crash: every effect is keyed on the alert.
 */
export async function slaAlerter(a: SlaAlert): Promise<void> {
  const { realtime } = services();
  const id = String(a.complaint._id);
  const c = a.sla[a.clock];
  const key = `sla:${id}:${a.clock}:${a.kind}:${a.generation}`;
  const state = a.kind === 'warn' ? 'at_risk' : 'breached';
  const dueAt = c.dueAt ?? a.at;
  const body = `${clockLabel[a.clock]} target ${a.kind === 'warn' ? 'at risk' : 'breached'} (${a.sla.policyName})`;
  const { created } = await recordSlaEvent(a, body, { clock: a.clock, state, dueAt, policy: a.sla.policyName }, key);

  const rooms: string[] = complaintSupervisorRooms(a.complaint);
  if (a.complaint.assigneeId) rooms.push(socketRooms.user(String(a.complaint.assigneeId)));
  if (created)
    realtime
      .toRooms(rooms)
      .emit('sla:alert', { complaintId: id, reference: a.complaint.reference, clock: a.clock, state, dueAt: dueAt.toISOString(), at: a.at.toISOString() });
  for (const action of await escalationFor(a.sla.policyId, a.kind)) await escalate(action, a, key, created);
}

function recordSlaEvent(a: SlaAlert, body: string, data: Record<string, unknown>, dedupeKey: string) {
  return appendEvent({
    complaint: a.complaint,
    type: 'sla',
    visibility: 'internal',
    actor: { kind: 'system', id: null, name: 'SLA' },
    body,
    data,
    dedupeKey,
    at: a.at,
  });
}

async function escalate(action: SlaEscalationAction, a: SlaAlert, key: string, firstTime: boolean): Promise<void> {
  const id = String(a.complaint._id);
  const what = `${clockLabel[a.clock]} ${a.kind === 'warn' ? 'at risk' : 'breached'}`;
  switch (action) {
    case 'notify':
      // The alert itself went to the assignee and supervisors; this tells the whole team.
      if (!a.complaint.teamId || !firstTime) return;
      services()
        .realtime.toRooms([socketRooms.team(String(a.complaint.teamId))])
        .emit('notification', {
          kind: `sla_${a.kind}`,
          text: `${a.complaint.reference}: ${what}`,
          message: serverText('notify.sla', { reference: a.complaint.reference, clock: a.clock, state: a.kind === 'warn' ? 'at_risk' : 'breached' }),
          complaintId: id,
          reference: a.complaint.reference,
          at: a.at.toISOString(),
        });
      return;
    case 'raise_priority': {
      // One level up (urgent stays urgent); conditional on the level read, so a repeat cannot bump twice.
      const from = a.complaint.priority;
      const to: PriorityLevel | undefined = priorityLevels[priorityLevels.indexOf(from) + 1];
      if (to) await setComplaintPriority(a.complaint._id, from, to, { reason: `SLA policy ${a.sla.policyName}`, source: 'sla' }, a.at);
      return;
    }
    case 'reassign_senior': {
      const senior = await seniorTeam();
      if (senior) await escalateComplaint(a.complaint._id, senior, { reason: `${what} (SLA policy ${a.sla.policyName})`, by: 'SLA', at: a.at });
      return;
    }
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
