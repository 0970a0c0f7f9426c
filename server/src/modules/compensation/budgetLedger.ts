import { DEFAULT_BUDGET_CURRENCY, type BudgetScope, type BudgetView } from '@redress/shared';
import { Team } from '../auth/team.model';
import { atomically } from './atomically';
import { Budget, LEGACY_BUDGET_INDEX, RemedyAgentDay } from './compensation.models';

/**
 * Budgets and agents' day totals, changed only by single-document conditional updates:
 * `findOneAndUpdate({_id, remaining: {$gte: n}}, {$inc: {remaining: -n, spent: n}})` takes n only
 * when it is there, so concurrent approvals can never overspend (no $expr on FerretDB, hence the
 * stored `remaining`). Within one server process FerretDB operations are serialized by the single
 * connection (platform/db/connection.ts), which makes this atomic there too; on MongoDB it is natively.
 */

/** The budget period an approval at `at` is charged to (UTC month). */
export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The agent's day an approval at `at` counts towards (UTC date). */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The budget currency a remedy is charged in: its own, or the default for money remedies stored without one. */
export function budgetCurrencyOf(currency: string | null | undefined): string {
  return currency ?? DEFAULT_BUDGET_CURRENCY;
}

let layoutReady: Promise<void> | null = null;

/**
 * Budgets are kept per currency: lines from before carry no currency (they were the default one)
 * and a unique index without it, which would refuse a second currency for the same scope. Once per
 * process: give old lines the default currency and drop the old index (both idempotent; a failure
 * is retried on the next call).
 */
export function ensureBudgetLayout(): Promise<void> {
  layoutReady ??= (async () => {
    await Budget.updateMany({ currency: { $exists: false } }, { $set: { currency: DEFAULT_BUDGET_CURRENCY } });
    const indexes = await Budget.collection.indexes().catch(() => []);
    if (indexes.some((i) => i.name === LEGACY_BUDGET_INDEX)) await Budget.collection.dropIndex(LEGACY_BUDGET_INDEX).catch(() => undefined);
    await Budget.createIndexes();
  })().catch((err: unknown) => {
    layoutReady = null;
    throw err;
  });
  return layoutReady;
}

/** One budget line taken by a reservation, to give back on roll-back. */
export interface BudgetTake {
  budgetId: string;
  scope: BudgetScope;
  scopeKey: string;
  currency?: string;
  amount: number;
}

export type ReserveResult = { ok: true; takes: BudgetTake[] } | { ok: false; scope: BudgetScope; scopeKey: string; currency: string; remaining: number };

/** The budgets that apply to a remedy: its team's and its category's for the period, in its currency (either may be unset: no limit). */
async function budgetsFor(period: string, teamId: unknown, category: string, currency: string) {
  const team = teamId ? await Team.findById(teamId, { key: 1 }).lean() : null;
  const targets: { scope: BudgetScope; scopeKey: string }[] = [];
  if (team) targets.push({ scope: 'team', scopeKey: team.key });
  targets.push({ scope: 'category', scopeKey: category });
  const found = [];
  for (const t of targets) {
    const b = await Budget.findOne({ period, scope: t.scope, scopeKey: t.scopeKey, currency }, { _id: 1, remaining: 1 }).lean();
    if (b) found.push({ ...t, id: String(b._id), remaining: b.remaining });
  }
  return found;
}

/**
 * Take `amount` (in `currency`) from the team budget and then the category budget of that currency;
 * when the second has no room, give the first back. A budget that is not configured does not limit.
 */
export async function reserveBudgets(p: { at: Date; teamId: unknown; category: string; currency: string | null; amount: number }): Promise<ReserveResult> {
  if (p.amount <= 0) return { ok: true, takes: [] };
  await ensureBudgetLayout();
  const currency = budgetCurrencyOf(p.currency);
  const takes: BudgetTake[] = [];
  for (const b of await budgetsFor(periodOf(p.at), p.teamId, p.category, currency)) {
    const took = await atomically(`budget:${b.id}`, () =>
      Budget.findOneAndUpdate(
        { _id: b.id, remaining: { $gte: p.amount } },
        {
          $inc: { remaining: -p.amount, spent: p.amount },
          $set: { updatedAt: p.at },
        },
        { new: true },
      ).lean(),
    );
    if (!took) {
      await releaseBudgets(takes);
      const now = await Budget.findById(b.id, { remaining: 1 }).lean();
      return {
        ok: false,
        scope: b.scope,
        scopeKey: b.scopeKey,
        currency,
        remaining: now?.remaining ?? 0,
      };
    }
    takes.push({
      budgetId: b.id,
      scope: b.scope,
      scopeKey: b.scopeKey,
      currency,
      amount: p.amount,
    });
  }
  return { ok: true, takes };
}

/** Give reserved amounts back (a roll-back after a later step failed). */
export async function releaseBudgets(takes: BudgetTake[]): Promise<void> {
  for (const t of takes)
    await atomically(`budget:${t.budgetId}`, () => Budget.updateOne({ _id: t.budgetId }, { $inc: { remaining: t.amount, spent: -t.amount } }));
}

/**
 * Count `amount` towards the agent's own-authority total for the day, only if it stays within
 * `perDay`. The day document is created first ($setOnInsert upsert), then the conditional $inc:
 * an upsert with the condition in the filter would insert a second document when the condition fails.
 */
export async function takeAgentDay(p: { userId: string; at: Date; amount: number; perDay: number }): Promise<boolean> {
  if (p.amount <= 0) return true;
  const day = dayOf(p.at);
  const _id = `${p.userId}:${day}`;
  await RemedyAgentDay.updateOne({ _id }, { $setOnInsert: { userId: p.userId, day, total: 0 } }, { upsert: true }).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err;
  });
  const took = await atomically(`day:${_id}`, () =>
    RemedyAgentDay.findOneAndUpdate({ _id, total: { $lte: p.perDay - p.amount } }, { $inc: { total: p.amount } }, { new: true }).lean(),
  );
  return took !== null;
}

/** Give back what takeAgentDay counted. */
export async function releaseAgentDay(p: { userId: string; at: Date; amount: number }): Promise<void> {
  if (p.amount <= 0) return;
  const _id = `${p.userId}:${dayOf(p.at)}`;
  await atomically(`day:${_id}`, () => RemedyAgentDay.updateOne({ _id }, { $inc: { total: -p.amount } }));
}

/**
 * Set a budget's limit, keeping what was spent: `remaining` moves by the change of the limit, in one
 * update conditional on the limit read (a concurrent change makes us re-read and retry).
 */
export async function setBudgetLimit(p: { period: string; scope: BudgetScope; scopeKey: string; currency?: string; limit: number; at: Date }): Promise<void> {
  const key = { period: p.period, scope: p.scope, scopeKey: p.scopeKey, currency: budgetCurrencyOf(p.currency) };
  await Budget.updateOne(
    key,
    {
      $setOnInsert: {
        ...key,
        limit: p.limit,
        spent: 0,
        remaining: p.limit,
        updatedAt: p.at,
      },
    },
    { upsert: true },
  ).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err;
  });
  for (let attempt = 0; attempt < 10; attempt++) {
    const b = await Budget.findOne(key).lean();
    if (!b || b.limit === p.limit) return;
    const done = await Budget.updateOne(
      { _id: b._id, limit: b.limit },
      {
        $set: { limit: p.limit, updatedAt: p.at },
        $inc: { remaining: p.limit - b.limit },
      },
    );
    if (done.modifiedCount === 1) return;
  }
}

/** A budget as the API sends it. */
export function presentBudget(b: {
  _id: unknown;
  period: string;
  scope: string;
  scopeKey: string;
  currency?: string | null;
  limit: number;
  spent?: number | null;
  remaining: number;
}): BudgetView {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    id: String(b._id),
    period: b.period,
    scope: b.scope as BudgetScope,
    scopeKey: b.scopeKey,
    currency: budgetCurrencyOf(b.currency),
    limit: b.limit,
    spent: round(b.spent ?? 0),
    remaining: round(b.remaining),
  };
}
