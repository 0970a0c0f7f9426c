import type {
  BudgetScope,
  BudgetView,
  CompensationRule,
  PortalRemedyView,
  RemedyStatus,
  RemedyView,
  RulePreviewResult,
  RuleVersionView,
} from '@redress/shared';
// The module, not the package index: the tracking page imports this file and must stay without zod.
import { trackingTokenHeader } from '@redress/shared/src/complaints/portalLimits';
import { api } from '../../lib/api';

const enc = encodeURIComponent;

/** The compensation endpoints the console, the approval queue, the rule editor and the tracking page use. */
export const compensationApi = {
  remedies: (complaintId: string) => api<{ items: RemedyView[] }>(`/api/complaints/${enc(complaintId)}/remedies`),
  suggest: (complaintId: string) => api<{ items: RemedyView[] }>(`/api/complaints/${enc(complaintId)}/remedies/suggest`, { method: 'POST', body: {} }),
  request: (id: string, body: { amount?: number; note?: string }) =>
    api<{ remedy: RemedyView; autoApproved: boolean }>(`/api/remedies/${enc(id)}/request`, { method: 'POST', body }),
  approve: (id: string, body: { amount?: number; reason?: string }) =>
    api<{ remedy: RemedyView }>(`/api/remedies/${enc(id)}/approve`, {
      method: 'POST',
      body,
    }),
  decline: (id: string, reason: string) =>
    api<{ remedy: RemedyView }>(`/api/remedies/${enc(id)}/decline`, {
      method: 'POST',
      body: { reason },
    }),
  issue: (id: string) =>
    api<{ remedy: RemedyView }>(`/api/remedies/${enc(id)}/issue`, {
      method: 'POST',
      body: {},
    }),
  queue: (status: RemedyStatus = 'pending_approval') => api<{ items: RemedyView[] }>(`/api/remedies?status=${status}`),
  rules: () => api<{ items: RuleVersionView[] }>('/api/compensation/rules'),
  ruleVersions: (key: string) => api<{ items: RuleVersionView[] }>(`/api/compensation/rules/${enc(key)}/versions`),
  saveRule: (rule: CompensationRule) =>
    api<{ rule: RuleVersionView }>(`/api/compensation/rules/${enc(rule.key)}`, {
      method: 'PUT',
      body: { rule },
    }),
  preview: (rule: CompensationRule) =>
    api<RulePreviewResult>('/api/compensation/rules/preview', {
      method: 'POST',
      body: { rule },
    }),
  budgets: (period?: string) => api<{ period: string; items: BudgetView[] }>(`/api/compensation/budgets${period ? `?period=${enc(period)}` : ''}`),
  saveBudgets: (
    items: {
      period: string;
      scope: BudgetScope;
      scopeKey: string;
      limit: number;
    }[],
  ) =>
    api<{ items: BudgetView[] }>('/api/compensation/budgets', {
      method: 'PUT',
      body: { items },
    }),
  portalRemedies: (reference: string, token: string, signal?: AbortSignal) =>
    api<{ items: PortalRemedyView[] }>(`/api/portal/complaints/${enc(reference)}/remedies`, { headers: { [trackingTokenHeader]: token }, signal }),
};

/** "30 EUR", "200 points", "" for an apology. */
export function formatAmount(r: { type: string; amount: number; currency: string | null }): string {
  if (r.type === 'apology') return '';
  const n = Number.isInteger(r.amount) ? String(r.amount) : r.amount.toFixed(2);
  if (r.type === 'points') return `${n} pts`;
  return r.currency ? `${n} ${r.currency}` : n;
}
