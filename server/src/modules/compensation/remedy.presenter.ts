import type {
  ApprovalReason,
  FulfilmentStatus,
  PortalRemedyView,
  RemedyFulfilmentView,
  RemedyStatus,
  RemedyType,
  RemedyView,
  RuleExplanation,
} from '@redress/shared';
import type { RemedyFields } from './compensation.models';

type StoredRemedy = RemedyFields & { _id: unknown };

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const who = (a: { id?: string | null; name: string } | null | undefined) => (a ? { id: a.id ?? null, name: a.name } : null);

/** A remedy for staff: every field the console and approval queue show, nothing internal to accounting. */
export function presentRemedy(r: StoredRemedy): RemedyView {
  return {
    id: String(r._id),
    complaintId: String(r.complaintId),
    reference: r.reference,
    type: r.type as RemedyType,
    status: r.status as RemedyStatus,
    amount: r.amount,
    currency: r.currency ?? null,
    suggestedAmount: r.suggestedAmount,
    ruleKey: r.ruleKey,
    ruleVersion: r.ruleVersion,
    reason: r.reason,
    explanation: (r.explanation ?? null) as RuleExplanation | null,
    note: r.note ?? null,
    trigger: r.trigger,
    approvalReason: (r.approvalReason ?? null) as ApprovalReason | null,
    requestedBy: who(r.requestedBy),
    requestedAt: iso(r.requestedAt),
    requestNote: r.requestNote ?? null,
    decidedBy: who(r.decidedBy),
    decidedAt: iso(r.decidedAt),
    decisionReason: r.decisionReason ?? null,
    issuedBy: who(r.issuedBy),
    issuedAt: iso(r.issuedAt),
    voucher: r.voucherCode && r.voucherExpiresAt ? { code: r.voucherCode, expiresAt: r.voucherExpiresAt.toISOString() } : null,
    fulfilment: presentFulfilment(r),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** An issued remedy for the customer's tracking page: what they got, never who decided or why. */
export function presentPortalRemedy(r: StoredRemedy, redeemed: boolean): PortalRemedyView {
  return {
    type: r.type as RemedyType,
    amount: r.amount,
    currency: r.currency ?? null,
    status: 'issued',
    issuedAt: (r.issuedAt ?? r.updatedAt).toISOString(),
    voucher:
      r.voucherCode && r.voucherExpiresAt
        ? {
            code: r.voucherCode,
            expiresAt: r.voucherExpiresAt.toISOString(),
            redeemed,
          }
        : null,
    fulfilment: (r.fulfilment?.status ?? null) as FulfilmentStatus | null,
  };
}

/** Where a remedy carried out by another system stands (null: nothing to carry out). */
export function presentFulfilment(r: Pick<StoredRemedy, 'fulfilment'>): RemedyFulfilmentView | null {
  const f = r.fulfilment;
  if (!f) return null;
  return { status: f.status as FulfilmentStatus, at: iso(f.at), reference: f.reference ?? null, note: f.note ?? null };
}

/** A remedy in a webhook body: what an integrating shop or payment system needs, no budgets or internal reasons. */
export function presentWebhookRemedy(
  r: Pick<StoredRemedy, 'complaintId' | 'reference' | 'type' | 'amount' | 'currency' | 'status'> & Partial<StoredRemedy> & { _id: unknown },
) {
  return {
    id: String(r._id),
    complaintId: String(r.complaintId),
    reference: r.reference,
    type: r.type as RemedyType,
    status: r.status as RemedyStatus,
    amount: r.amount,
    currency: r.currency ?? null,
    issuedAt: iso(r.issuedAt),
    voucher: r.voucherCode && r.voucherExpiresAt ? { code: r.voucherCode, expiresAt: r.voucherExpiresAt.toISOString() } : null,
    fulfilment: presentFulfilment({ fulfilment: r.fulfilment ?? null }),
    decisionReason: r.status === 'declined' ? (r.decisionReason ?? null) : null,
  };
}
