import { z } from 'zod';
import { compensationRuleSchema, remedyTypes, type RemedyType } from './rules';
import type { RuleExplanation } from '../common/serverText';

/**
 * Remedies (what a complaint is offered), budgets and vouchers: request schemas and response shapes
 * shared by the console, the supervisor views and the API.
 */

/**
 * A remedy's life: suggested by the rules → (agent requests) approved within limits, or
 * pending_approval for a supervisor → approved | declined → issued (exactly once).
 */
export const remedyStatuses = ['suggested', 'pending_approval', 'approved', 'declined', 'issued'] as const;
export type RemedyStatus = (typeof remedyStatuses)[number];

/** Why a requested remedy waits for a supervisor. */
export const approvalReasons = ['per_remedy_limit', 'per_day_limit', 'budget'] as const;
export type ApprovalReason = (typeof approvalReasons)[number];

/** Remedy types that cost money and so count against agents' limits and budgets (points and apologies do not). */
export const moneyRemedyTypes: readonly RemedyType[] = ['voucher', 'refund', 'replacement', 'repair', 'surprise_gift'];

/**
 * Remedies another system carries out (the shop refunds, ships, repairs, credits points): issued
 * means "we asked for it"; the other system reports fulfilled or failed (POST /api/remedies/:id/fulfilment).
 */
export const fulfilledRemedyTypes: readonly RemedyType[] = ['refund', 'replacement', 'repair', 'points', 'surprise_gift'];
export const fulfilmentStatuses = ['pending', 'fulfilled', 'failed'] as const;
export type FulfilmentStatus = (typeof fulfilmentStatuses)[number];

/** Where a remedy carried out by another system stands. */
export interface RemedyFulfilmentView {
  status: FulfilmentStatus;
  /** When the other system reported (null while pending). */
  at: string | null;
  reference: string | null;
  note: string | null;
}

const money = z.number().nonnegative('Amount cannot be negative').max(1_000_000, 'Amount is too large');
const note = z.string().trim().max(1000, 'At most 1000 characters');
const reason = z.string().trim().min(1, 'Give a reason').max(1000, 'At most 1000 characters');

/** Body of POST /api/remedies/:id/request (an agent takes up a suggestion, optionally changing the amount). */
export const remedyRequestSchema = z.strictObject({
  amount: money.optional(),
  note: note.optional(),
});
export type RemedyRequestInput = z.infer<typeof remedyRequestSchema>;

/** A 3-letter ISO 4217 currency code. */
export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'Use a 3-letter currency code such as EUR');

/** Currency of a budget line saved without one (budgets from before budgets were kept per currency). */
export const DEFAULT_BUDGET_CURRENCY = 'EUR';

/**
 * Body of POST /api/complaints/:id/remedies: an agent proposes a remedy of any type. Money remedies
 * need an amount and its currency, points an amount, an apology neither. Within the agent's limits
 * and the budget it is approved at once, above them it waits for a supervisor (as a request does).
 */
export const remedyProposeSchema = z
  .strictObject({
    type: z.enum(remedyTypes),
    amount: money.optional(),
    currency: currencyCodeSchema.optional(),
    note: note.optional(),
  })
  .superRefine((v, ctx) => {
    const isMoney = moneyRemedyTypes.includes(v.type);
    if (v.type === 'apology') {
      if (v.amount !== undefined && v.amount !== 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'An apology carries no amount' });
      return;
    }
    if (v.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Give an amount' });
    if (isMoney && v.amount !== undefined && v.amount > 0 && v.currency === undefined)
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Give the currency of the amount' });
    if (v.type === 'points' && v.currency !== undefined) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Points have no currency' });
  });
export type RemedyProposeInput = z.infer<typeof remedyProposeSchema>;

/** Body of POST /api/remedies/:id/approve (a supervisor may change the amount). */
export const remedyApproveSchema = z.strictObject({
  amount: money.optional(),
  reason: note.optional(),
});
export type RemedyApproveInput = z.infer<typeof remedyApproveSchema>;

/** Body of POST /api/remedies/:id/decline. */
export const remedyDeclineSchema = z.strictObject({ reason });
export type RemedyDeclineInput = z.infer<typeof remedyDeclineSchema>;

/** Body of PUT /api/compensation/rules/:key: the whole rule; saving stores a new version. */
export const ruleSaveSchema = z.strictObject({ rule: compensationRuleSchema });

/** Body of POST /api/compensation/rules/preview. */
export const rulePreviewSchema = z.strictObject({
  rule: compensationRuleSchema,
});

/** A budget period, 'YYYY-MM'. */
export const budgetPeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM');
export const budgetScopes = ['team', 'category'] as const;
export type BudgetScope = (typeof budgetScopes)[number];

/** Body of PUT /api/compensation/budgets: set the limits of some budgets (others are left alone). */
export const budgetsSaveSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        period: budgetPeriodSchema,
        scope: z.enum(budgetScopes),
        /** Team key for team budgets, category key for category budgets. */
        scopeKey: z.string().trim().min(1).max(60),
        /** Budgets are per currency: a remedy in CNY is charged to the CNY line only. */
        currency: currencyCodeSchema.default(DEFAULT_BUDGET_CURRENCY),
        limit: money,
      }),
    )
    .min(1)
    .max(200),
});
export type BudgetsSaveInput = z.infer<typeof budgetsSaveSchema>;

/** Body of POST /api/vouchers/:code/redeem (the shop, with X-Api-Key). */
export const voucherRedeemSchema = z.strictObject({
  orderRef: z.string().trim().min(1, 'orderRef is required').max(100),
});

/** Header the shop authenticates with. */
export const shopApiKeyHeader = 'X-Api-Key';

/** Query of GET /api/compensation/audit.csv and GET /api/compensation/audit (the same filters). */
const dateOrTime = z.union([z.iso.date(), z.iso.datetime()], 'Use YYYY-MM-DD or an ISO date-time');
const auditFilterShape = {
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  /** A complaint reference (e.g. C-2026-000123) or id. */
  complaint: z.string().trim().min(1).max(60).optional(),
  /** The staff member who took the step (user id). */
  agent: z
    .string()
    .regex(/^[a-f0-9]{24}$/i, 'Not a valid id')
    .optional(),
  type: z.enum(remedyTypes).optional(),
};
export const auditQuerySchema = z.strictObject(auditFilterShape);
export type AuditFilters = z.infer<typeof auditQuerySchema>;

/** Query of GET /api/compensation/audit: the CSV's filters plus paging (newest first). */
export const auditPageQuerySchema = z.strictObject({
  ...auditFilterShape,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

/** One row of the remedy audit trail. */
export interface RemedyAuditView {
  id: string;
  at: string;
  complaintId: string;
  reference: string;
  remedyId: string;
  action: string;
  actor: { kind: string; id: string | null; name: string };
  type: RemedyType;
  amount: number;
  currency: string | null;
  ruleKey: string;
  ruleVersion: number;
  detail: string;
}

/** Response of GET /api/compensation/audit. */
export interface RemedyAuditPage {
  items: RemedyAuditView[];
  page: number;
  pageSize: number;
  total: number;
}

/** A person or the system, as recorded on a remedy. */
export interface RemedyActorView {
  id: string | null;
  name: string;
}

/** A remedy as the console and the approval queue see it. */
export interface RemedyView {
  id: string;
  complaintId: string;
  reference: string;
  type: RemedyType;
  status: RemedyStatus;
  amount: number;
  currency: string | null;
  /** The amount the rules computed (the agent or supervisor may have changed `amount`). */
  suggestedAmount: number;
  ruleKey: string;
  ruleVersion: number;
  /** English; `explanation` is the same in parts with codes (null: stored before codes, or not from a rule) — show that when present. */
  reason: string;
  explanation: RuleExplanation | null;
  note: string | null;
  trigger: string;
  approvalReason: ApprovalReason | null;
  requestedBy: RemedyActorView | null;
  requestedAt: string | null;
  requestNote: string | null;
  decidedBy: RemedyActorView | null;
  decidedAt: string | null;
  decisionReason: string | null;
  issuedBy: RemedyActorView | null;
  issuedAt: string | null;
  voucher: { code: string; expiresAt: string } | null;
  /** Null for remedies nothing else carries out (apology, voucher) and those issued before fulfilment was tracked. */
  fulfilment: RemedyFulfilmentView | null;
  createdAt: string;
  updatedAt: string;
}

/** A remedy on the customer's tracking page: issued ones only. */
export interface PortalRemedyView {
  type: RemedyType;
  amount: number;
  currency: string | null;
  status: 'issued';
  issuedAt: string;
  voucher: { code: string; expiresAt: string; redeemed: boolean } | null;
  /** pending: we asked the shop or payments team; fulfilled: done; failed: it did not work (we will be in touch). Null: nothing to carry out. */
  fulfilment: FulfilmentStatus | null;
}

/** One stored version of a rule. */
export interface RuleVersionView {
  key: string;
  version: number;
  active: boolean;
  rule: z.infer<typeof compensationRuleSchema>;
  createdBy: RemedyActorView;
  createdAt: string;
}

/** "This rule would have offered ... on the last 100 complaints." */
export interface RulePreviewResult {
  considered: number;
  matched: number;
  totals: {
    type: RemedyType;
    currency: string | null;
    count: number;
    amount: number;
  }[];
  samples: {
    complaintId: string;
    reference: string;
    suggestions: {
      type: RemedyType;
      amount: number;
      currency: string | null;
      reason: string;
      explanation: RuleExplanation;
    }[];
  }[];
}

/** A budget with what is left of it. */
export interface BudgetView {
  id: string;
  period: string;
  scope: BudgetScope;
  scopeKey: string;
  currency: string;
  limit: number;
  spent: number;
  remaining: number;
}
