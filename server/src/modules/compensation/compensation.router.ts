import { Router } from 'express';
import {
  auditPageQuerySchema,
  auditQuerySchema,
  budgetPeriodSchema,
  budgetsSaveSchema,
  rulePreviewSchema,
  ruleSaveSchema,
  type AuditFilters,
  type RemedyAuditPage,
  type RemedyType,
} from '@redress/shared';
import { z } from 'zod';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { sendCsv } from '../analytics/csv';
import { analyticsTeams, NO_TEAM } from '../auth/auth.policy';
import { requireUser } from '../auth/session';
import type { UserDoc } from '../auth/user.model';
import { ensureBudgetLayout, periodOf, presentBudget, setBudgetLimit } from './budgetLedger';
import { Budget, Remedy, RemedyAudit } from './compensation.models';
import { previewRule } from './rulePreview';
import { currentRuleVersions, presentRuleVersion, ruleHistory, saveRuleVersion } from './ruleStore';

export const budgetQuerySchema = z.strictObject({
  period: budgetPeriodSchema.optional(),
});
const DAY_MS = 86_400_000;

/** The audit rows the filters select: period (`to` inclusive of its day), complaint (reference or id), staff member, remedy type. */
function auditFilter(q: AuditFilters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const at: Record<string, Date> = {};
  if (q.from) at.$gte = new Date(q.from);
  if (q.to) at.$lt = q.to.length === 10 ? new Date(new Date(q.to).getTime() + DAY_MS) : new Date(q.to);
  if (Object.keys(at).length) filter.at = at;
  if (q.complaint) {
    if (/^[a-f0-9]{24}$/i.test(q.complaint)) filter.complaintId = q.complaint;
    else filter.reference = q.complaint.toUpperCase();
  }
  if (q.agent) filter['actor.id'] = q.agent;
  if (q.type) filter.type = q.type;
  return filter;
}

/**
 * The audit rows a user may see: an admin all, a team supervisor those of their teams' remedies
 * (the read policy's teams, as the dashboard; auth.policy.ts analyticsTeams).
 */
async function auditScope(user: UserDoc): Promise<Record<string, unknown>> {
  const teams = analyticsTeams(user);
  if (teams === null) return {};
  // One equality query per team (the embedded database answers those from its index).
  const ids = (await Promise.all(teams.map((t) => Remedy.find({ teamId: t === NO_TEAM ? null : t }, { _id: 1 }).lean()))).flat().map((r) => r._id);
  return { remedyId: { $in: ids } };
}

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
    await ensureBudgetLayout();
    const items = await Budget.find({ period }).sort({ scope: 1, scopeKey: 1, currency: 1 }).lean();
    res.json({ period, items: items.map(presentBudget) });
  });

  router.put('/budgets', async (req, res) => {
    const input = parse(budgetsSaveSchema, req.body ?? {});
    const at = services().clock.now();
    await ensureBudgetLayout();
    for (const item of input.items) await setBudgetLimit({ ...item, at });
    const periods = [...new Set(input.items.map((i) => i.period))];
    const items = await Budget.find({ period: { $in: periods } })
      .sort({ period: 1, scope: 1, scopeKey: 1, currency: 1 })
      .lean();
    res.json({ items: items.map(presentBudget) });
  });

  /** The staff who appear in the audit trail (the audit view's "staff member" filter). */
  router.get('/audit/actors', async (req, res) => {
    // The latest steps name everyone active (FerretDB's $group on a nested field is not dependable): bounded read, deduplicated here.
    const rows = await RemedyAudit.find({ 'actor.kind': 'staff', ...(await auditScope(req.user!)) }, { actor: 1 })
      .sort({ at: -1 })
      .limit(5000)
      .lean();
    const byId = new Map<string, string>();
    for (const r of rows) if (r.actor?.id && !byId.has(r.actor.id)) byId.set(r.actor.id, r.actor.name);
    const items = [...byId.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    res.json({ items });
  });

  /** The audit trail as a page (newest first), with the CSV's filters. */
  router.get('/audit', async (req, res) => {
    const q = parse(auditPageQuerySchema, req.query, 'query');
    const filter = { ...auditFilter(q), ...(await auditScope(req.user!)) };
    const [total, rows] = await Promise.all([
      RemedyAudit.countDocuments(filter),
      RemedyAudit.find(filter)
        .sort({ at: -1, _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
    ]);
    const body: RemedyAuditPage = {
      items: rows.map((r) => ({
        id: String(r._id),
        at: r.at.toISOString(),
        complaintId: String(r.complaintId),
        reference: r.reference,
        remedyId: String(r.remedyId),
        action: r.action,
        actor: { kind: r.actor?.kind ?? 'system', id: r.actor?.id ?? null, name: r.actor?.name ?? '' },
        type: r.type as RemedyType,
        amount: r.amount,
        currency: r.currency ?? null,
        ruleKey: r.ruleKey,
        ruleVersion: r.ruleVersion,
        detail: r.detail,
      })),
      page: q.page,
      pageSize: q.pageSize,
      total,
    };
    res.json(body);
  });

  /** Who suggested, approved and issued what, when, under which rule version. `to` is inclusive of its day. */
  router.get('/audit.csv', async (req, res) => {
    const q = parse(auditQuerySchema, req.query, 'query');
    const rows = await RemedyAudit.find({ ...auditFilter(q), ...(await auditScope(req.user!)) })
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
