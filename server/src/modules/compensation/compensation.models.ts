import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { approvalReasons, budgetScopes, DEFAULT_BUDGET_CURRENCY, fulfilmentStatuses, remedyStatuses, remedyTypes } from '@redress/shared';

/**
 * The compensation collections. Every state change is a single-document conditional update
 * (FerretDB has no transactions): remedies move status by `findOneAndUpdate({_id, status: from})`,
 * budgets and agents' day totals by `findOneAndUpdate({_id, remaining: {$gte: n}}, {$inc})`.
 */

const actor = {
  id: { type: String, default: null },
  name: { type: String, required: true },
};

/** One version of a rule; a change inserts the next version, nothing is edited in place. */
const ruleVersionSchema = new Schema(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    /** The CompensationRule as validated by the shared zod schema. */
    rule: { type: Schema.Types.Mixed, required: true },
    active: { type: Boolean, required: true },
    createdBy: { type: new Schema(actor, { _id: false }), required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
ruleVersionSchema.index({ key: 1, version: 1 }, { unique: true });
export type RuleVersionFields = InferSchemaType<typeof ruleVersionSchema>;
export const RuleVersion = mongoose.model('CompensationRuleVersion', ruleVersionSchema, 'compensation_rules');

const remedySchema = new Schema(
  {
    complaintId: { type: Schema.Types.ObjectId, required: true },
    reference: { type: String, required: true },
    /** `${complaintId}:${type}`: one remedy per type per complaint, so re-evaluations never duplicate. */
    dedupeKey: { type: String, required: true },
    type: { type: String, enum: remedyTypes, required: true },
    status: { type: String, enum: remedyStatuses, required: true },
    amount: { type: Number, required: true },
    suggestedAmount: { type: Number, required: true },
    currency: { type: String, default: null },
    ruleKey: { type: String, required: true },
    ruleVersion: { type: Number, required: true },
    reason: { type: String, required: true },
    /** The reason in parts with codes (shared RuleExplanation), for the viewer's language; null for remedies stored before it. */
    explanation: { type: Schema.Types.Mixed, default: null },
    note: { type: String, default: null },
    voucherValidDays: { type: Number, default: null },
    /** What evaluated the rules: filed, categorised, sla_breached, agent. */
    trigger: { type: String, required: true },
    teamId: { type: Schema.Types.ObjectId, default: null },
    category: { type: String, required: true },
    approvalReason: {
      type: String,
      enum: [...approvalReasons, null],
      default: null,
    },
    requestedBy: { type: new Schema(actor, { _id: false }), default: null },
    requestedAt: { type: Date, default: null },
    requestNote: { type: String, default: null },
    decidedBy: { type: new Schema(actor, { _id: false }), default: null },
    decidedAt: { type: Date, default: null },
    decisionReason: { type: String, default: null },
    /** What approval took from budgets and the agent's day, so it can be accounted for (and audited). */
    reservation: { type: Schema.Types.Mixed, default: null },
    issuedBy: { type: new Schema(actor, { _id: false }), default: null },
    issuedAt: { type: Date, default: null },
    /** Chosen in the same update that marks the remedy issued, so a retry re-creates the same voucher. */
    voucherCode: { type: String, default: null },
    voucherExpiresAt: { type: Date, default: null },
    /**
     * For remedies another system carries out (shared fulfilledRemedyTypes): set to pending in the
     * update that issues the remedy; the shop reports fulfilled or failed (commands/remedyFulfiller.ts).
     */
    fulfilment: {
      type: new Schema(
        {
          status: { type: String, enum: fulfilmentStatuses, required: true },
          at: { type: Date, default: null },
          reference: { type: String, default: null },
          note: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
remedySchema.index({ dedupeKey: 1 }, { unique: true });
remedySchema.index({ complaintId: 1, createdAt: 1 });
remedySchema.index({ status: 1, updatedAt: -1 });
export type RemedyFields = InferSchemaType<typeof remedySchema>;
export const Remedy = mongoose.model('Remedy', remedySchema, 'remedies');

const voucherSchema = new Schema(
  {
    code: { type: String, required: true },
    remedyId: { type: Schema.Types.ObjectId, required: true },
    complaintId: { type: Schema.Types.ObjectId, required: true },
    amount: { type: Number, required: true },
    currency: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    redeemedAt: { type: Date, default: null },
    redeemedOrderRef: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
voucherSchema.index({ code: 1 }, { unique: true });
voucherSchema.index({ remedyId: 1 }, { unique: true });
export const Voucher = mongoose.model('Voucher', voucherSchema, 'vouchers');

/**
 * Compensation budget of one team or category for one month in one currency (a EUR remedy is charged
 * to the EUR line only; amounts in different currencies are never added). `remaining` = limit - spent, kept by $inc.
 */
const budgetSchema = new Schema(
  {
    period: { type: String, required: true },
    scope: { type: String, enum: budgetScopes, required: true },
    scopeKey: { type: String, required: true },
    currency: { type: String, required: true, default: DEFAULT_BUDGET_CURRENCY },
    limit: { type: Number, required: true },
    spent: { type: Number, default: 0 },
    remaining: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);
budgetSchema.index({ period: 1, scope: 1, scopeKey: 1, currency: 1 }, { unique: true, name: 'budget_line' });
/** The unique index of budgets from before they were kept per currency (dropped by ensureBudgetLayout). */
export const LEGACY_BUDGET_INDEX = 'period_1_scope_1_scopeKey_1';
export const Budget = mongoose.model('CompensationBudget', budgetSchema, 'compensation_budgets');

/** What an agent approved on their own authority on one (UTC) day; _id = `${userId}:${day}`. */
const agentDaySchema = new Schema(
  {
    _id: String,
    userId: String,
    day: String,
    total: { type: Number, default: 0 },
  },
  { versionKey: false },
);
export const RemedyAgentDay = mongoose.model('RemedyAgentDay', agentDaySchema, 'remedy_agent_days');

/** Who suggested, requested, approved, declined and issued what, when, under which rule version. */
const auditSchema = new Schema(
  {
    dedupeKey: { type: String, required: true },
    remedyId: { type: Schema.Types.ObjectId, required: true },
    complaintId: { type: Schema.Types.ObjectId, required: true },
    reference: { type: String, required: true },
    action: { type: String, required: true },
    actor: {
      kind: { type: String, required: true },
      id: { type: String, default: null },
      name: { type: String, required: true },
    },
    type: { type: String, required: true },
    amount: { type: Number, required: true },
    currency: { type: String, default: null },
    ruleKey: { type: String, required: true },
    ruleVersion: { type: Number, required: true },
    detail: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);
auditSchema.index({ dedupeKey: 1 }, { unique: true });
auditSchema.index({ at: 1 });
auditSchema.index({ complaintId: 1, at: 1 });
export type AuditFields = InferSchemaType<typeof auditSchema>;
export const RemedyAudit = mongoose.model('RemedyAudit', auditSchema, 'remedy_audit');

/** Duplicate-key error (unique index): the thing already exists. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}
