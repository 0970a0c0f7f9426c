/**
 * Live figures (backlog, age, at risk, breached) come from the open complaints only, read from
 * the open set (openSet.ts: one small document per open complaint, kept by the rollup listener). Trade-off versus a `live_counters` document updated on every
 * transition: the open set is bounded by the desk's workload (not by history), so this costs
 * O(open complaints) per request but can never drift; counters would be O(1) but need their own
 * exactly-once bookkeeping for every status, priority and team move, and age buckets and "at risk"
 * change with the passing of time, which counters cannot follow without a sweep.
 */
import { openStatuses, priorityLevels, type LiveState } from '@redress/shared';
import { Team } from '../auth/team.model';
import { OpenComplaintEntry, type OpenComplaint } from './openSet';
import { teamIdCondition, teamsOf, type RollupFilters } from './rollupReader';
import { durationTargets, type DurationTargets } from './settings';

/** Safety cap on the open set read per request; a desk past this needs a counters document. */
export const OPEN_SET_LIMIT = 50_000;

const HOUR = 3_600_000;
export const ageBuckets: { bucket: string; maxMs: number }[] = [
  { bucket: '<1h', maxMs: HOUR },
  { bucket: '1-4h', maxMs: 4 * HOUR },
  { bucket: '4-24h', maxMs: 24 * HOUR },
  { bucket: '1-3d', maxMs: 72 * HOUR },
  { bucket: '3-7d', maxMs: 168 * HOUR },
  { bucket: '>7d', maxMs: Infinity },
];

export type { OpenComplaint };

/** Mongo filter for complaints matching the dashboard filters. */
export function complaintFilter(f: RollupFilters): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  const teams = teamsOf(f);
  if (teams) q.teamId = teamIdCondition(teams, (id) => id);
  if (f.category) q.category = f.category;
  if (f.channel) q.channel = f.channel;
  return q;
}

/** The open complaints matching the filters (and `extra` field conditions). */
export async function openComplaints(f: RollupFilters, extra: Record<string, unknown> = {}): Promise<OpenComplaint[]> {
  // Through the model so string ids in filters are cast to ObjectIds.
  return (await OpenComplaintEntry.find({ ...complaintFilter(f), ...extra })
    .limit(OPEN_SET_LIMIT)
    .lean()) as unknown as OpenComplaint[];
}

/**
 * 'breached' / 'at_risk' / 'ok' for an open complaint: the SLA domain's state when recorded,
 * otherwise calendar age against the resolution target (at risk from 75% of it).
 */
export function riskOf(c: OpenComplaint, now: Date, targets: DurationTargets): 'ok' | 'at_risk' | 'breached' {
  if (c.slaState) return c.slaState;
  const ageS = (now.getTime() - c.createdAt.getTime()) / 1000;
  const target = targets.resolutionSeconds[c.priority] ?? targets.resolutionSeconds.normal;
  if (ageS > target) return 'breached';
  return ageS > 0.75 * target ? 'at_risk' : 'ok';
}

export function ageBucketOf(c: OpenComplaint, now: Date): string {
  const age = now.getTime() - c.createdAt.getTime();
  return (ageBuckets.find((b) => age < b.maxMs) ?? ageBuckets[ageBuckets.length - 1]!).bucket;
}

/** Backlog by status, priority and team; age buckets; at-risk and breached counts. */
export async function liveState(open: OpenComplaint[], now: Date): Promise<LiveState> {
  const targets = await durationTargets();
  const byStatus: Record<string, number> = Object.fromEntries(openStatuses.map((s) => [s, 0]));
  const byPriority: Record<string, number> = Object.fromEntries(priorityLevels.map((p) => [p, 0]));
  const byTeam = new Map<string, number>();
  const ages = new Map(ageBuckets.map((b) => [b.bucket, 0]));
  let atRisk = 0;
  let breached = 0;
  let unassigned = 0;
  for (const c of open) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    byPriority[c.priority] = (byPriority[c.priority] ?? 0) + 1;
    const team = c.teamId ? String(c.teamId) : 'none';
    byTeam.set(team, (byTeam.get(team) ?? 0) + 1);
    const bucket = ageBucketOf(c, now);
    ages.set(bucket, (ages.get(bucket) ?? 0) + 1);
    const risk = riskOf(c, now, targets);
    if (risk === 'breached') breached++;
    if (risk === 'at_risk') atRisk++;
    if (!c.assigneeId) unassigned++;
  }
  const teams = await Team.find({ _id: { $in: [...byTeam.keys()].filter((k) => k !== 'none') } }, { name: 1 }).lean();
  const names = new Map(teams.map((t) => [String(t._id), t.name]));
  return {
    open: open.length,
    unassigned,
    atRisk,
    breached,
    byStatus,
    byPriority,
    byTeam: [...byTeam.entries()]
      .map(([teamId, count]) => ({
        teamId,
        name: names.get(teamId) ?? teamId,
        count,
      }))
      .sort((a, b) => b.count - a.count),
    ageBuckets: [...ages.entries()].map(([bucket, count]) => ({
      bucket,
      count,
    })),
  };
}
