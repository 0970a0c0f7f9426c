import type { Types } from 'mongoose';
import { socketRooms } from '@redress/shared';
import type { UserDoc } from './user.model';

/** The fields of a complaint that visibility depends on. */
export interface TeamScoped {
  teamId?: Types.ObjectId | string | null;
  assigneeId?: Types.ObjectId | string | null;
}

const isAdmin = (u: UserDoc) => u.role === 'admin';
const isSupervisor = (u: UserDoc) => u.role === 'supervisor' || u.role === 'admin';
const inTeam = (u: UserDoc, c: TeamScoped) => c.teamId != null && u.teamIds.some((t) => String(t) === String(c.teamId));
const isAssignee = (u: UserDoc, c: TeamScoped) => c.assigneeId != null && String(c.assigneeId) === u.id;
/** Unrouted complaints (no team yet) are visible to every supervisor. */
const unrouted = (c: TeamScoped) => c.teamId == null;

/**
 * The complaint policy, one line per ability. Agents see their teams' complaints (and any assigned
 * to them), supervisors their teams' and unrouted ones, admins all.
 */
export const complaintPolicy = {
  read: (u: UserDoc, c: TeamScoped) => isAdmin(u) || inTeam(u, c) || isAssignee(u, c) || (isSupervisor(u) && unrouted(c)),
  update: (u: UserDoc, c: TeamScoped) => complaintPolicy.read(u, c),
  reassign: (u: UserDoc, c: TeamScoped) => isAdmin(u) || (isSupervisor(u) && (inTeam(u, c) || unrouted(c))),
  handBack: (u: UserDoc, c: TeamScoped) => isAssignee(u, c),
  claim: (u: UserDoc, c: TeamScoped) => inTeam(u, c) || isAdmin(u),
};

export type ComplaintAbility = keyof typeof complaintPolicy;

/** Abilities sent to the client with each complaint, so the UI never re-implements the rules. */
export function complaintAbilities(u: UserDoc, c: TeamScoped): Record<ComplaintAbility, boolean> {
  return Object.fromEntries((Object.keys(complaintPolicy) as ComplaintAbility[]).map((k) => [k, complaintPolicy[k](u, c)])) as Record<
    ComplaintAbility,
    boolean
  >;
}

/**
 * The complaints `read` allows, as alternatives of plain equality filters (one per team, the
 * user's own, and for supervisors the unrouted ones); an admin's single alternative is everything.
 * Lists ask them as separate equality queries (see equalityFanOut.ts).
 */
export function visibleComplaintsBranches(u: UserDoc): Record<string, unknown>[] {
  if (isAdmin(u)) return [{}];
  const branches: Record<string, unknown>[] = [...u.teamIds.map((teamId) => ({ teamId })), { assigneeId: u._id }];
  if (isSupervisor(u)) branches.push({ teamId: null });
  return branches;
}

/** The same as one MongoDB filter (for single reads and existence checks). */
export function visibleComplaintsFilter(u: UserDoc): Record<string, unknown> {
  const branches = visibleComplaintsBranches(u);
  return branches.length === 1 ? branches[0]! : { $or: branches };
}

/**
 * The socket rooms a signed-in user joins, one per alternative of visibleComplaintsBranches: the
 * everything branch (admins), each team (and, for supervisors, that team's supervisor room), the
 * unrouted branch (supervisors) and their own user room (complaints assigned to them). A complaint's
 * news goes to complaintRooms(c), so a socket hears exactly what `read` allows.
 */
export function socketRoomsFor(u: UserDoc): string[] {
  const rooms = new Set<string>([socketRooms.user(u.id)]);
  for (const b of visibleComplaintsBranches(u)) {
    if (!('teamId' in b) && !('assigneeId' in b)) rooms.add(socketRooms.allComplaints);
    else if ('teamId' in b && b.teamId == null) rooms.add(socketRooms.unrouted);
    else if ('teamId' in b) {
      rooms.add(socketRooms.team(String(b.teamId)));
      if (isSupervisor(u)) rooms.add(socketRooms.teamSupervisors(String(b.teamId)));
    }
  }
  return [...rooms];
}

/** The rooms that hear about a complaint: everyone `read` allows (see socketRoomsFor). */
export function complaintRooms(c: TeamScoped): string[] {
  const rooms = [socketRooms.allComplaints, c.teamId ? socketRooms.team(String(c.teamId)) : socketRooms.unrouted];
  if (c.assigneeId) rooms.push(socketRooms.user(String(c.assigneeId)));
  return rooms;
}

/** The supervisors and admins who may read a complaint: for supervisor-only news (approvals, SLA alerts). */
export function complaintSupervisorRooms(c: TeamScoped): string[] {
  return [socketRooms.allComplaints, c.teamId ? socketRooms.teamSupervisors(String(c.teamId)) : socketRooms.unrouted];
}

/** The supervisors and admins who oversee a member of these teams (an agent's presence and load). */
export function teamSupervisorRooms(teamIds: (Types.ObjectId | string)[]): string[] {
  return [socketRooms.allComplaints, ...teamIds.map((t) => socketRooms.teamSupervisors(String(t)))];
}

/** Stands for "no team yet" (unrouted complaints) in a list of team ids, as the rollups key it. */
export const NO_TEAM = 'none';

/**
 * The teams whose figures a user may see on the dashboard (analytics, drill-down, exports): the
 * team alternatives of visibleComplaintsBranches (NO_TEAM for the unrouted one); null means every
 * team (admins). Rollups are kept per team, so "assigned to me" is not counted there.
 */
export function analyticsTeams(u: UserDoc): string[] | null {
  const branches = visibleComplaintsBranches(u);
  if (branches.some((b) => !('teamId' in b) && !('assigneeId' in b))) return null;
  return branches.filter((b) => 'teamId' in b).map((b) => (b.teamId == null ? NO_TEAM : String(b.teamId)));
}

export const userPolicy = {
  manage: (u: UserDoc) => isAdmin(u),
  supervise: (u: UserDoc) => isSupervisor(u),
};
