import type { Types } from 'mongoose';
import { User } from '../auth/user.model';
import { holdingCounts } from './agentHoldings';
import type { CandidateAgent } from './routingEngine';

/** The active agents of a team with their current load, ready for the routing engine. */
export async function candidatesInTeam(teamId: unknown): Promise<CandidateAgent[]> {
  const users = await User.find({ teamIds: teamId, role: 'agent', active: true }).lean();
  const counts = await holdingCounts(users.map((u) => String(u._id)));
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

/** Rewrite the stored load of agents (a copy on the user, for display) from their holdings; returns the counts. */
export async function refreshOpenCounts(agentIds: Types.ObjectId[]): Promise<Map<string, number>> {
  const counts = await holdingCounts(agentIds.map(String));
  await Promise.all(agentIds.map((id) => User.updateOne({ _id: id }, { $set: { openCount: counts.get(String(id)) ?? 0 } })));
  return counts;
}
