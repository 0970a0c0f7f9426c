import { socketRooms } from '@redress/shared';
import { services } from '../../platform/context';
import { Team } from '../auth/team.model';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { presentComplaintSummary } from './complaint.presenter';
import { publishComplaintChange } from './complaintChanges';

/** The team whose categories include this one, else the catch-all team (no categories). */
export async function teamForCategory(category: string): Promise<string | null> {
  const specific = await Team.findOne({ categories: category, senior: false }).lean();
  if (specific) return String(specific._id);
  // A team stored without the field (an upsert that set only some fields) is a catch-all too.
  const catchAll = await Team.findOne({ senior: { $ne: true }, $or: [{ categories: { $size: 0 } }, { categories: { $exists: false } }] }).lean();
  return catchAll ? String(catchAll._id) : null;
}

/** Rooms that should hear about a complaint: supervisors, its team, its assignee. */
export function roomsFor(c: Pick<ComplaintDoc, 'teamId' | 'assigneeId'>): string[] {
  const rooms: string[] = [socketRooms.supervisors];
  if (c.teamId) rooms.push(socketRooms.team(String(c.teamId)));
  if (c.assigneeId) rooms.push(socketRooms.user(String(c.assigneeId)));
  return rooms;
}

/** Push the current state of a complaint to everyone allowed to see it. */
export async function broadcastComplaint(id: unknown, event: 'complaint:created' | 'complaint:updated' = 'complaint:updated'): Promise<void> {
  const c = await Complaint.findById(id).lean();
  if (!c) return;
  services().realtime.toRooms(roomsFor(c)).emit(event, presentComplaintSummary(c));
}

/**
 * Work done once a complaint exists: put it in a team, tell the consoles, then let the other
 * domains react (routing assigns it, SLA starts its clocks, ...). Idempotent.
 */
export async function afterComplaintFiled(c: ComplaintDoc): Promise<void> {
  if (!c.teamId) {
    const teamId = await teamForCategory(c.category);
    if (teamId) await Complaint.updateOne({ _id: c._id, teamId: null }, { $set: { teamId } });
  }
  // Listeners first (routing assigns, SLA starts clocks), so the first push already shows both.
  await publishComplaintChange({ type: 'filed', complaintId: c.id, at: c.createdAt });
  await broadcastComplaint(c._id, 'complaint:created');
}
