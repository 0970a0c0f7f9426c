import { Router } from 'express';
import { auditQuerySchema, budgetPeriodSchema, budgetsSaveSchema, rulePreviewSchema, ruleSaveSchema } from '@redress/shared';
import { z } from 'zod';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { sendCsv } from '../analytics/csv';
import { requireUser } from '../auth/session';
import { periodOf, presentBudget, setBudgetLimit } from './budgetLedger';
import { Budget, RemedyAudit } from './compensation.models';
import { previewRule } from './rulePreview';
import { currentRuleVersions, presentRuleVersion, ruleHistory, saveRuleVersion } from './ruleStore';

export const budgetQuerySchema = z.strictObject({
  period: budgetPeriodSchema.optional(),
});
const DAY_MS = 86_400_000;

/** Supervisor and admin settings of the compensation engine: rules (versioned), budgets, audit export. */
export function compensationRouter(): Router {
  const router = Router();
  router.use(requireUser('supervisor', 'admin'));

  router.get('/rules', async (_req, res) => {
    const items = await currentRuleVersions();
    items.sort((a, b) => (a.rule as { priority: number }).priority - (b.rule as { priority: number }).priority || a.key.localeCompare(b.key));
    res.json({ items: items.map(presentRuleVersion) });
  });

  router.get('/rules/:key/versions', async (req, res) => {
    const items = await ruleHistory(String(req.params.key));
    if (items.length === 0) throw errors.notFound('Rule');
    res.json({ items: items.map(presentRuleVersion) });
  });

  router.put('/rules/:key', async (req, res) => {
    const { rule } = parse(ruleSaveSchema, req.body ?? {});
    if (rule.key !== req.params.key) throw errors.validation([{ path: 'rule.key', message: 'The rule key must match the address' }]);
    const user = req.user!;
    const saved = await saveRuleVersion(rule, { id: user.id, name: user.name });
    res.status(201).json({ rule: presentRuleVersion(saved) });
  });

  router.post('/rules/preview', async (req, res) => {
    const { rule } = parse(rulePreviewSchema, req.body ?? {});
    res.json(await previewRule(rule));
  });

  router.get('/budgets', async (req, res) => {
    const q = parse(budgetQuerySchema, req.query, 'query');
    const period = q.period ?? periodOf(services().clock.now());
    const items = await Budget.find({ period }).sort({ scope: 1, scopeKey: 1 }).lean();
    res.json({ period, items: items.map(presentBudget) });
  });

  router.put('/budgets', async (req, res) => {
    const input = parse(budgetsSaveSchema, req.body ?? {});
    const at = services().clock.now();
    for (const item of input.items) await setBudgetLimit({ ...item, at });
    const periods = [...new Set(input.items.map((i) => i.period))];
    const items = await Budget.find({ period: { $in: periods } })
      .sort({ period: 1, scope: 1, scopeKey: 1 })
      .lean();
    res.json({ items: items.map(presentBudget) });
  });

  /** Who suggested, approved and issued what, when, under which rule version. `to` is inclusive of its day. */
  router.get('/audit.csv', async (req, res) => {
    const q = parse(auditQuerySchema, req.query, 'query');
    const at: Record<string, Date> = {};
    if (q.from) at.$gte = new Date(q.from);
    if (q.to) at.$lt = q.to.length === 10 ? new Date(new Date(q.to).getTime() + DAY_MS) : new Date(q.to);
    const rows = await RemedyAudit.find(Object.keys(at).length ? { at } : {})
      .sort({ at: 1, _id: 1 })
      .limit(100_000)
      .lean();
    sendCsv(
      res,
      'remedy-audit.csv',
      ['at', 'reference', 'remedy_id', 'action', 'actor_kind', 'actor_id', 'actor_name', 'type', 'amount', 'currency', 'rule_key', 'rule_version', 'detail'],
      rows.map((r) => [
        r.at.toISOString(),
        r.reference,
        String(r.remedyId),
        r.action,
        r.actor?.kind ?? '',
        r.actor?.id ?? '',
        r.actor?.name ?? '',
        r.type,
        r.amount,
        r.currency ?? '',
        r.ruleKey,
        r.ruleVersion,
        r.detail,
      ]),
    );
  });

  return router;
}
