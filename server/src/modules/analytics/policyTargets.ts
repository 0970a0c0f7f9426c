/**
 * The duration targets the dashboard draws, from the SLA policies (sla_policies, read through the
 * raw driver so analytics does not depend on the SLA module's model; fields read defensively).
 */
import mongoose from 'mongoose';
import type { RollupFilters } from './rollupReader';

interface PolicyRow {
  name?: unknown;
  order?: unknown;
  match?: { priorities?: unknown; tiers?: unknown; categories?: unknown; channels?: unknown } | null;
  targets?: { firstResponseMinutes?: unknown; resolutionMinutes?: unknown } | null;
}

/** Targets of one policy in seconds. */
export interface PolicyTargets {
  policyName: string;
  firstResponseSeconds: number;
  resolutionSeconds: number;
}

/** An absent or empty list matches everything; otherwise the value must be listed. */
function allows(list: unknown, value: string | undefined): boolean {
  if (!Array.isArray(list) || list.length === 0) return true;
  return value === undefined ? false : list.includes(value);
}

/**
 * The active policy (lowest `order` first, as the SLA engine picks) that covers an ordinary
 * complaint — normal priority, standard tier — in the filtered category and channel; null when no
 * active policy does (the caller falls back to the analytics defaults).
 */
export async function policyTargets(f: RollupFilters): Promise<PolicyTargets | null> {
  const db = mongoose.connection.db;
  if (!db) return null;
  const rows = (await db
    .collection('sla_policies')
    .find({ active: true }, { projection: { name: 1, order: 1, match: 1, targets: 1 } })
    .limit(500)
    .toArray()) as PolicyRow[];
  rows.sort((a, b) => (typeof a.order === 'number' ? a.order : 100) - (typeof b.order === 'number' ? b.order : 100));
  for (const p of rows) {
    const m = p.match ?? {};
    if (!allows(m.priorities, 'normal') || !allows(m.tiers, 'standard')) continue;
    // Without a category (channel) filter the line stands for all of them: only a policy for any will do.
    if (!allows(m.categories, f.category) || !allows(m.channels, f.channel)) continue;
    const fr = p.targets?.firstResponseMinutes;
    const res = p.targets?.resolutionMinutes;
    if (typeof fr !== 'number' || typeof res !== 'number') continue;
    return { policyName: typeof p.name === 'string' ? p.name : '', firstResponseSeconds: fr * 60, resolutionSeconds: res * 60 };
  }
  return null;
}
