import type {
  RemedyAuditPage,
  RemedyProposeInput,
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
import { api, query } from '../../lib/api';
import { formatMoney } from '../../lib/format';

/** Filters of the remedy audit view (and its CSV). */
export interface AuditFilterValues {
  complaint?: string;
  agent?: string;
  type?: string;
  from?: string;
  to?: string;
}

const enc = encodeURIComponent;

/** The compensation endpoints the console, the approval queue, the rule editor and the tracking page use. */
export const compensationApi = {
  remedies: (complaintId: string) => api<{ items: RemedyView[] }>(`/api/complaints/${enc(complaintId)}/remedies`),
  suggest: (complaintId: string) => api<{ items: RemedyView[] }>(`/api/complaints/${enc(complaintId)}/remedies/suggest`, { method: 'POST', body: {} }),
  propose: (complaintId: string, body: RemedyProposeInput) =>
    api<{ remedy: RemedyView; autoApproved: boolean }>(`/api/complaints/${enc(complaintId)}/remedies`, { method: 'POST', body }),
  /** Request and issue the complaint's apology in one idempotent step. */
  sendApology: (complaintId: string) => api<{ remedy: RemedyView }>(`/api/complaints/${enc(complaintId)}/remedies/apology`, { method: 'POST', body: {} }),
  audit: (f: AuditFilterValues, page: number, pageSize: number) => api<RemedyAuditPage>(`/api/compensation/audit${query({ ...f, page, pageSize })}`),
  auditActors: () => api<{ items: { id: string; name: string }[] }>('/api/compensation/audit/actors'),
  auditCsvUrl: (f: AuditFilterValues) => `/api/compensation/audit.csv${query({ ...f })}`,
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
      currency: string;
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

/** "€30.00" (in the viewer's language), "200 pts", "" for an apology. */
export function formatAmount(r: { type: string; amount: number; currency: string | null }, lang = 'en'): string {
  if (r.type === 'apology') return '';
  if (r.type === 'points') return `${Number.isInteger(r.amount) ? String(r.amount) : r.amount.toFixed(2)} pts`;
  return formatMoney(r.amount, r.currency, lang);
}
