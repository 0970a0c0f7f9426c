/**
 * Recovery figures read from the compensation domain's `remedies` collection (small: at most a
 * few remedies per complaint, and the read is limited to the range). Read through the raw driver
 * so analytics does not depend on that module's model; fields are read defensively.
 * Money is kept per currency throughout: a EUR voucher and a CNY refund are never added.
 */
import mongoose from 'mongoose';
import { DEFAULT_BUDGET_CURRENCY, moneyRemedyTypes, type RecoveryFigures, type RemedyType } from '@redress/shared';
import { NO_TEAM } from '../auth/auth.policy';
import { teamIdCondition, teamsOf, type RollupFilters } from './rollupReader';

interface RemedyRow {
  type?: unknown;
  amount?: unknown;
  currency?: unknown;
  status?: unknown;
  fulfilment?: { status?: unknown } | null;
}

const pendingStatuses = ['pending_approval'];
// Suggested and declined remedies cost nothing; approved ones are committed spend.
const countedStatuses = ['approved', 'issued'];

/** The currency a money remedy counts in (as the budget ledger charges it): its own, else the default. */
function moneyCurrency(r: RemedyRow): string {
  return typeof r.currency === 'string' && r.currency ? r.currency : DEFAULT_BUDGET_CURRENCY;
}

/** Remedies by type and currency, spend per currency in [from, to); approval queue now; budgets per currency. */
export async function recoveryFigures(from: Date, to: Date, f: RollupFilters): Promise<RecoveryFigures> {
  const db = mongoose.connection.db;
  if (!db) return { byType: [], spend: [], fulfilled: [], budgets: [], approvalQueue: 0 };
  const remedies = db.collection('remedies');
  const scope: Record<string, unknown> = {};
  const teams = teamsOf(f);
  if (teams) scope.teamId = teamIdCondition(teams, (id) => new mongoose.Types.ObjectId(id));
  if (f.category) scope.category = f.category;
  // Remedies carry no channel: a channel filter does not narrow recovery figures.
  const rows = (await remedies
    .find({ ...scope, createdAt: { $gte: from, $lt: to } }, { projection: { type: 1, amount: 1, currency: 1, status: 1, fulfilment: 1 } })
    .limit(100_000)
    .toArray()) as RemedyRow[];
  const byType = new Map<string, { type: string; currency: string | null; count: number; amount: number }>();
  const spend = new Map<string, number>();
  const fulfilled = new Map<string, number>();
  for (const r of rows) {
    const status = typeof r.status === 'string' ? r.status : 'issued';
    if (!countedStatuses.includes(status)) continue;
    const type = typeof r.type === 'string' ? r.type : 'other';
    const amount = typeof r.amount === 'number' ? r.amount : 0;
    const isMoney = moneyRemedyTypes.includes(type as RemedyType);
    // Loyalty points are not money: counted in points, not added to spend.
    const currency = isMoney ? moneyCurrency(r) : null;
    const key = `${type}|${currency ?? ''}`;
    const row = byType.get(key) ?? { type, currency, count: 0, amount: 0 };
    row.count++;
    row.amount += amount;
    byType.set(key, row);
    if (currency) spend.set(currency, (spend.get(currency) ?? 0) + amount);
    // Carried out: issued and nothing left for another system to do (or it reported it done).
    const f = r.fulfilment && typeof r.fulfilment === 'object' ? r.fulfilment.status : null;
    if (currency && status === 'issued' && (f === null || f === undefined || f === 'fulfilled'))
      fulfilled.set(currency, (fulfilled.get(currency) ?? 0) + amount);
  }
  const approvalQueue = await remedies.countDocuments({
    ...scope,
    status: { $in: pendingStatuses },
  });
  const limits = await budgetsFor(from, to, f);
  return {
    byType: [...byType.values()].sort((a, b) => b.count - a.count || a.type.localeCompare(b.type) || (a.currency ?? '').localeCompare(b.currency ?? '')),
    spend: [...spend.entries()].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency)),
    fulfilled: [...fulfilled.entries()]
      .map(([currency, amount]) => ({ currency, amount }))
      .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency)),
    budgets: [...limits.entries()]
      .map(([currency, limit]) => ({ currency, limit, spent: spend.get(currency) ?? 0 }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    approvalQueue,
  };
}

/**
 * The compensation budgets (compensation_budgets: one line per UTC month, team or category, and
 * currency) of the months the range touches: team lines (or the category's lines under a category
 * filter), so a remedy charged to both scopes is not budgeted twice. Limits per currency.
 */
async function budgetsFor(from: Date, to: Date, f: RollupFilters): Promise<Map<string, number>> {
  const db = mongoose.connection.db;
  const limits = new Map<string, number>();
  if (!db) return limits;
  const months: string[] = [];
  for (let d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); d < to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push(d.toISOString().slice(0, 7));
  }
  const q: Record<string, unknown> = { period: { $in: months } };
  const teams = teamsOf(f);
  if (f.category && !teams) Object.assign(q, { scope: 'category', scopeKey: f.category });
  else
    Object.assign(q, {
      scope: 'team',
      ...(teams ? { scopeKey: { $in: await Promise.all(teams.filter((t) => t !== NO_TEAM).map(teamKey)) } } : {}),
    });
  const lines = (await db
    .collection('compensation_budgets')
    .find(q, { projection: { limit: 1, currency: 1 } })
    .toArray()) as { limit?: unknown; currency?: unknown }[];
  for (const l of lines) {
    const currency = typeof l.currency === 'string' && l.currency ? l.currency : DEFAULT_BUDGET_CURRENCY;
    limits.set(currency, (limits.get(currency) ?? 0) + (typeof l.limit === 'number' ? l.limit : 0));
  }
  return limits;
}

/** Team budgets are keyed by the team's key; the dashboard filters by team id. */
async function teamKey(teamId: string): Promise<string> {
  const db = mongoose.connection.db;
  const team = (await db?.collection('teams').findOne({ _id: new mongoose.Types.ObjectId(teamId) }, { projection: { key: 1 } })) as { key?: unknown } | null;
  return typeof team?.key === 'string' ? team.key : teamId;
}
