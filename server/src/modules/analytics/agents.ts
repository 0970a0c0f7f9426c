/** GET /api/metrics/agents: one row per agent, load from the user record, output from rollups. */
import { MAX_PERIODS_PER_QUERY, type AgentRow, type AgentsQuery, type MetricsGranularity } from '@redress/shared';
import { NO_TEAM } from '../auth/auth.policy';
import { User } from '../auth/user.model';
import { resolveRange } from './overview';
import { readRollups, rowsBy } from './rollupReader';

const DAY = 86_400_000;

/** Agents (and anyone credited with complaints in the range) with their figures; members of `teams` only when given. */
export async function buildAgentTable(q: AgentsQuery, now: Date, teams?: string[]): Promise<{ items: AgentRow[]; from: string; to: string }> {
  // Day docs unless the range is too long for them; the numbers are the same either way.
  const to = q.to ? new Date(q.to) : now;
  const from0 = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY);
  const g: MetricsGranularity = (to.getTime() - from0.getTime()) / DAY > MAX_PERIODS_PER_QUERY ? 'week' : 'day';
  const { from, to: end } = resolveRange(q, g, now);
  const rows = rowsBy(await readRollups(g, 'agent', from, end), (d) => d.key);
  const byAgent = new Map(rows.map((r) => [r.key, r]));
  const users = await User.find(
    {
      active: { $ne: false },
      ...(q.team ? { teamIds: q.team } : teams ? { teamIds: { $in: teams.filter((t) => t !== NO_TEAM) } } : {}),
      $or: [{ role: 'agent' }, { _id: { $in: [...byAgent.keys()] } }],
    },
    { name: 1, role: 1, availability: 1, openCount: 1, capacity: 1 },
  )
    .sort({ name: 1 })
    .lean();
  const items = users.map((u): AgentRow => {
    const r = byAgent.get(String(u._id));
    return {
      id: String(u._id),
      name: u.name,
      role: u.role,
      availability: u.availability,
      openCount: u.openCount,
      capacity: u.capacity,
      handled: r?.resolved ?? 0,
      medianResolutionSeconds: r?.resolution.p50 ?? null,
      csatAverage: r?.csatAverage ?? null,
      csatCount: r?.csatCount ?? 0,
    };
  });
  return { items, from: from.toISOString(), to: end.toISOString() };
}
