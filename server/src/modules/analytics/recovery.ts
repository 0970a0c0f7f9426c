/**
 * Recovery figures read from the compensation domain's `remedies` collection (small: at most a
 * few remedies per complaint, and the read is limited to the range). Read through the raw driver
 * so analytics does not depend on that module's model; fields are read defensively.
 */
import mongoose from 'mongoose';
import type { RecoveryFigures } from '@redress/shared';
import type { RollupFilters } from './rollupReader';

interface RemedyRow {
  type?: unknown;
  amount?: unknown;
  status?: unknown;
}

const pendingStatuses = ['pending_approval'];
// Suggested and declined remedies cost nothing; approved ones are committed spend.
const countedStatuses = ['approved', 'issued'];

/** Remedies by type and spend in [from, to); approval queue now; budget if the domain stores one. */
export async function recoveryFigures(from: Date, to: Date, f: RollupFilters): Promise<RecoveryFigures> {
  const db = mongoose.connection.db;
  if (!db) return { byType: [], spend: 0, budget: null, approvalQueue: 0 };
  const remedies = db.collection('remedies');
  const scope: Record<string, unknown> = {};
  if (f.team) scope.teamId = new mongoose.Types.ObjectId(f.team);
  if (f.category) scope.category = f.category;
  // Remedies carry no channel: a channel filter does not narrow recovery figures.
  const rows = (await remedies
    .find({ ...scope, createdAt: { $gte: from, $lt: to } }, { projection: { type: 1, amount: 1, status: 1 } })
    .limit(100_000)
    .toArray()) as RemedyRow[];
  const byType = new Map<string, { count: number; amount: number }>();
  let spend = 0;
  for (const r of rows) {
    const status = typeof r.status === 'string' ? r.status : 'issued';
    if (!countedStatuses.includes(status)) continue;
    const type = typeof r.type === 'string' ? r.type : 'other';
    // Loyalty points are not money: counted, not added to spend.
    const amount = typeof r.amount === 'number' && type !== 'points' ? r.amount : 0;
    const t = byType.get(type) ?? { count: 0, amount: 0 };
    t.count++;
    t.amount += amount;
    byType.set(type, t);
    spend += amount;
  }
  const approvalQueue = await remedies.countDocuments({
    ...scope,
    status: { $in: pendingStatuses },
  });
  return {
    byType: [...byType.entries()].map(([type, v]) => ({ type, ...v })).sort((a, b) => b.amount - a.amount),
    spend,
    budget: await budgetFor(from, to, f),
    approvalQueue,
  };
}

/**
 * The compensation budgets (compensation_budgets: one line per UTC month and team or category)
 * of the months the range touches: team lines (or the category's lines under a category filter),
 * so a remedy charged to both scopes is not budgeted twice. Null when no budget is set.
 */
async function budgetFor(from: Date, to: Date, f: RollupFilters): Promise<number | null> {
  const db = mongoose.connection.db;
  if (!db) return null;
  const months: string[] = [];
  for (let d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); d < to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push(d.toISOString().slice(0, 7));
  }
  const q: Record<string, unknown> = { period: { $in: months } };
  if (f.category && !f.team) Object.assign(q, { scope: 'category', scopeKey: f.category });
  else
    Object.assign(q, {
      scope: 'team',
      ...(f.team ? { scopeKey: f.team } : {}),
    });
  const lines = (await db
    .collection('compensation_budgets')
    .find(q, { projection: { limit: 1 } })
    .toArray()) as { limit?: unknown }[];
  if (lines.length === 0) return null;
  return lines.reduce((s, l) => s + (typeof l.limit === 'number' ? l.limit : 0), 0);
}
