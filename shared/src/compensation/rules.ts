import { z } from 'zod';
import { dissatisfactionKinds, rootCauses, severities } from '../complaints/taxonomy';
import { customerTiers, lifecycleStages, type CustomerTier } from '../customers/value';

/**
 * Compensation rules: the configurable service-recovery policy from the domain brief
 * ("What this means for compensation"). Shared by the rule editor (client) and the API (server);
 * the pure evaluator lives in server/src/modules/compensation/ruleEvaluator.ts.
 */

/** Every remedy the desk can offer. Points amounts are loyalty points; the rest are money in the complaint currency. */
export const remedyTypes = ['apology', 'voucher', 'refund', 'replacement', 'repair', 'points', 'surprise_gift'] as const;
export type RemedyType = (typeof remedyTypes)[number];

const amount = z.number().nonnegative('Amount cannot be negative').max(1_000_000);
const percent = z.number().nonnegative('Percent cannot be negative').max(1000);
const hours = z.number().nonnegative('Hours cannot be negative').max(100_000);
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'Pick at least one value or remove the condition');

/** Add a "min must not exceed max" issue for every listed pair that is set the wrong way round. */
function checkRanges<T extends Record<string, unknown>>(pairs: [keyof T & string, keyof T & string][]) {
  return (value: T, ctx: z.RefinementCtx): void => {
    for (const [lo, hi] of pairs) {
      const a = value[lo];
      const b = value[hi];
      if (typeof a === 'number' && typeof b === 'number' && a > b) {
        ctx.addIssue({ code: 'custom', path: [lo], message: `${lo} must not be greater than ${hi}` });
      }
    }
  };
}

/** Where the amount of a remedy starts from, before bonuses, multipliers and limits. */
export const amountBaseSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), value: amount }),
  z.strictObject({ kind: z.literal('percentOfOrder'), percent }),
  z.strictObject({ kind: z.literal('orderAmount') }),
  z.strictObject({ kind: z.literal('none') }),
]);
export type AmountBase = z.infer<typeof amountBaseSchema>;

/**
 * How a remedy amount is computed, in this order: base → SLA breach bonus → tier multiplier →
 * min/max clamp → cap at the order amount.
 */
export const amountFormulaSchema = z
  .strictObject({
    base: amountBaseSchema,
    /** Percent added when the resolution target was breached ("slow handling raises what is owed"). */
    breachBonusPercent: percent.optional(),
    /** Further percent added per full hour of breach. */
    breachBonusPerHourPercent: z.number().nonnegative().max(100).optional(),
    /** Multiplier per customer tier (missing tier = 1). */
    tierMultipliers: z.partialRecord(z.enum(customerTiers), z.number().positive().max(10)).optional(),
    min: amount.optional(),
    max: amount.optional(),
    /** Never exceed the order amount (ignored when the complaint has no order amount). */
    capAtOrderAmount: z.boolean().optional(),
  })
  .superRefine(checkRanges([['min', 'max']]));
export type AmountFormula = z.infer<typeof amountFormulaSchema>;

/** One remedy a rule offers, with the formula for its amount. */
export const remedyFormulaSchema = z
  .strictObject({
    type: z.enum(remedyTypes),
    amount: amountFormulaSchema,
    voucherValidDays: z.number().int().min(1).max(3650).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.type === 'apology' && r.amount.base.kind !== 'none') {
      ctx.addIssue({ code: 'custom', path: ['amount', 'base'], message: 'An apology carries no amount: use base "none"' });
    }
    if (r.voucherValidDays !== undefined && r.type !== 'voucher') {
      ctx.addIssue({ code: 'custom', path: ['voucherValidDays'], message: 'Validity applies to vouchers only' });
    }
  });
export type RemedyFormula = z.infer<typeof remedyFormulaSchema>;

/**
 * When a rule applies. Every condition is optional; a rule applies when all the conditions it sets hold.
 * `severities` is either a minimum severity ("high" = high or critical) or an explicit list.
 * Amount, resolution-time conditions never hold when the complaint has no such value.
 */
export const ruleConditionsSchema = z
  .strictObject({
    categories: nonEmpty(z.string().min(1).max(60)).optional(),
    rootCauses: nonEmpty(z.enum(rootCauses)).optional(),
    kinds: nonEmpty(z.enum(dissatisfactionKinds)).optional(),
    severities: z.union([z.enum(severities), nonEmpty(z.enum(severities))]).optional(),
    orderAmountMin: amount.optional(),
    orderAmountMax: amount.optional(),
    tiers: nonEmpty(z.enum(customerTiers)).optional(),
    lifetimeValueMin: z.number().optional(),
    lifetimeValueMax: z.number().optional(),
    lifecycleStages: nonEmpty(z.enum(lifecycleStages)).optional(),
    repeatCountMin: z.number().int().nonnegative().optional(),
    slaBreached: z.boolean().optional(),
    breachMinutesMin: z.number().nonnegative().optional(),
    resolutionHoursMin: hours.optional(),
    resolutionHoursMax: hours.optional(),
  })
  .superRefine(
    checkRanges([
      ['orderAmountMin', 'orderAmountMax'],
      ['lifetimeValueMin', 'lifetimeValueMax'],
      ['resolutionHoursMin', 'resolutionHoursMax'],
    ]),
  );
export type RuleConditions = z.infer<typeof ruleConditionsSchema>;

/** A compensation rule as edited by admins. Rules run in `priority` order, lowest first. */
export const compensationRuleSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,59}$/, 'Use 2 to 60 lower-case letters, digits, _ or -, starting with a letter or digit'),
  name: z.string().trim().min(1, 'Name is required').max(120),
  description: z.string().trim().max(1000),
  priority: z.number().int().min(0).max(100_000),
  active: z.boolean(),
  /** When this rule applies, rules after it are not considered. */
  stopProcessing: z.boolean().optional(),
  conditions: ruleConditionsSchema,
  remedies: z.array(remedyFormulaSchema).min(1, 'A rule must offer at least one remedy').max(10),
});
export type CompensationRule = z.infer<typeof compensationRuleSchema>;

/** A whole rule set, as saved from the editor: keys must be unique. */
export const compensationRuleSetSchema = z
  .array(compensationRuleSchema)
  .max(200)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Duplicate rule key "${r.key}"` });
      seen.add(r.key);
    });
  });

/** Default SLA-breach bonus on money remedies: a breached resolution target raises the remedy by 25%. */
export const defaultBreachBonusPercent = 25;
/** Default customer-value weighting: an MVC at risk justifies more (x1.5), an STC somewhat more (x1.2). */
export const defaultTierMultipliers: Partial<Record<CustomerTier, number>> = { MVC: 1.5, STC: 1.2 };

const apology: RemedyFormula = { type: 'apology', amount: { base: { kind: 'none' } } };
/** The goodwill voucher: 10% of the order, at least 5 and at most 50, raised on breach and by tier. */
const goodwillVoucher: RemedyFormula = {
  type: 'voucher',
  amount: {
    base: { kind: 'percentOfOrder', percent: 10 },
    breachBonusPercent: defaultBreachBonusPercent,
    tierMultipliers: defaultTierMultipliers,
    min: 5,
    max: 50,
  },
  voucherValidDays: 90,
};

/**
 * Rules shipped on first start, derived from the domain brief. Outcome failures get a material
 * remedy proportional to the loss, process failures an apology plus a gesture; a breach raises money
 * remedies by 25%; MVC x1.5, STC x1.2; customers in decline get a surprise gift; repeat complainers
 * get loyalty points; and every customer gets at least an apology.
 */
export const defaultCompensationRules: CompensationRule[] = [
  {
    key: 'outcome_replace_goods',
    name: 'Replace defective, damaged or wrong goods',
    description: 'Outcome failure on goods: replace the item (up to the order value) and apologise.',
    priority: 10,
    active: true,
    conditions: { categories: ['product_defect', 'damaged_in_transit', 'wrong_or_missing_item'], kinds: ['outcome'] },
    remedies: [apology, { type: 'replacement', amount: { base: { kind: 'orderAmount' }, capAtOrderAmount: true } }],
  },
  {
    key: 'outcome_refund_money',
    name: 'Give the money back',
    description: 'Overcharge or missing refund: refund the order amount, never more, and apologise.',
    priority: 20,
    active: true,
    conditions: { categories: ['billing_overcharge', 'refund_not_received'], kinds: ['outcome'] },
    remedies: [apology, { type: 'refund', amount: { base: { kind: 'orderAmount' }, capAtOrderAmount: true } }],
  },
  {
    key: 'outcome_refund_partial',
    name: 'Partial refund for late or interrupted service',
    description: 'Delivery delay or outage: refund 20% of the order (at least 5), raised on breach and by tier, capped at the order.',
    priority: 30,
    active: true,
    conditions: { categories: ['delivery_delay', 'service_outage'], kinds: ['outcome'] },
    remedies: [
      apology,
      {
        type: 'refund',
        amount: {
          base: { kind: 'percentOfOrder', percent: 20 },
          breachBonusPercent: defaultBreachBonusPercent,
          tierMultipliers: defaultTierMultipliers,
          min: 5,
          capAtOrderAmount: true,
        },
      },
    ],
  },
  {
    key: 'process_gesture',
    name: 'Apology and voucher for process failures',
    description: 'Time and nerves lost: apologise and offer a voucher of 10% of the order (5 to 50).',
    priority: 40,
    active: true,
    conditions: { kinds: ['process'] },
    remedies: [apology, goodwillVoucher],
  },
  {
    key: 'outcome_breach_gesture',
    name: 'Voucher when an outcome failure was handled late',
    description: 'Slow handling raises what is owed: a breached outcome complaint also earns the goodwill voucher.',
    priority: 50,
    active: true,
    conditions: { kinds: ['outcome'], slaBreached: true },
    remedies: [goodwillVoucher],
  },
  {
    key: 'decline_win_back',
    name: 'Surprise gift to win back a customer in decline',
    description: 'A customer in decline who complains is at risk: add something unexpected (A+ service).',
    priority: 60,
    active: true,
    conditions: { lifecycleStages: ['decline'] },
    remedies: [
      {
        type: 'surprise_gift',
        amount: { base: { kind: 'fixed', value: 10 }, tierMultipliers: defaultTierMultipliers },
        note: 'A small unexpected extra turns a fixed problem into a story worth telling.',
      },
    ],
  },
  {
    key: 'repeat_complainer_points',
    name: 'Loyalty points for repeat complainers',
    description: 'A customer complaining for the second time or more gets loyalty points on top.',
    priority: 70,
    active: true,
    conditions: { repeatCountMin: 2 },
    remedies: [{ type: 'points', amount: { base: { kind: 'fixed', value: 200 }, tierMultipliers: defaultTierMultipliers } }],
  },
  {
    key: 'apology_floor',
    name: 'Apology floor',
    description: 'Never leave any customer with nothing: every complaint gets at least an apology.',
    priority: 1000,
    active: true,
    conditions: {},
    remedies: [apology],
  },
];
