import type { Types } from 'mongoose';
import { openStatuses } from '@redress/shared';
import { Complaint } from '../complaints/complaint.model';
import { eachOf, findMerged } from '../../platform/db/equalityFanOut';
import { User } from '../auth/user.model';
import type { CandidateAgent } from './routingEngine';

/**
 * Open complaints per agent, counted from the complaints themselves (the source of truth): the
 * stored `openCount` on a user is a copy for display, rewritten from this count, so it heals itself.
 */
export async function countOpenAssigned(agentIds: Types.ObjectId[]): Promise<Map<string, number>> {
  if (agentIds.length === 0) return new Map();
  // One equality query per open status (the open set is small; see equalityFanOut.ts), counted here.
  const wanted = new Set(agentIds.map(String));
  const open = await findMerged<{ _id: Types.ObjectId; assigneeId: Types.ObjectId | null }>(Complaint as never, eachOf('status', openStatuses), {
    projection: { assigneeId: 1 },
  });
  const counts = new Map<string, number>();
  for (const c of open) {
    const id = String(c.assigneeId);
    if (c.assigneeId && wanted.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The active agents of a team with their current load, ready for the routing engine. */
export async function candidatesInTeam(teamId: unknown): Promise<CandidateAgent[]> {
  const users = await User.find({ teamIds: teamId, role: 'agent', active: true }).lean();
  const counts = await countOpenAssigned(users.map((u) => u._id));
  return users.map((u) => ({
    id: String(u._id),
    name: u.name,
    availability: u.availability,
    capacity: u.capacity,
    openCount: counts.get(String(u._id)) ?? 0,
    // Lean reads skip schema defaults: a record stored without skills is a generalist.
    skills: { categories: [...(u.skills?.categories ?? [])], languages: [...(u.skills?.languages ?? [])] },
    lastAssignedAt: u.lastAssignedAt ?? null,
  }));
}

/** Rewrite the stored load of agents from the complaints; returns the fresh counts. */
export async function refreshOpenCounts(agentIds: Types.ObjectId[]): Promise<Map<string, number>> {
  const counts = await countOpenAssigned(agentIds);
  await Promise.all(agentIds.map((id) => User.updateOne({ _id: id }, { $set: { openCount: counts.get(String(id)) ?? 0 } })));
  return counts;
}
