import { defaultCategories } from '@redress/shared';
import { services } from '../../platform/context';
import { periodOf, setBudgetLimit } from './budgetLedger';
import { Budget } from './compensation.models';
import { ensureDefaultRules } from './ruleStore';

/** Demo monthly budgets per team key (money remedies only). */
const demoTeamBudgets: Record<string, number> = {
  orders: 5000,
  billing: 5000,
  service: 2000,
  senior: 3000,
};
/** Demo monthly budget per category. */
const DEMO_CATEGORY_BUDGET = 2500;

/**
 * Default rules as version 1, and demo budgets for this month when none exist yet (first start).
 * Used by the demo seed; the rules are also ensured lazily on first use on any database.
 */
export async function ensureDemoCompensation(): Promise<void> {
  await ensureDefaultRules();
  const at = services().clock.now();
  const period = periodOf(at);
  if ((await Budget.countDocuments({ period })) > 0) return;
  for (const [scopeKey, limit] of Object.entries(demoTeamBudgets)) await setBudgetLimit({ period, scope: 'team', scopeKey, limit, at });
  for (const c of defaultCategories)
    await setBudgetLimit({
      period,
      scope: 'category',
      scopeKey: c.key,
      limit: DEMO_CATEGORY_BUDGET,
      at,
    });
}
