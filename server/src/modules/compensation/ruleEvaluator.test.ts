import {
  compensationRuleSchema,
  compensationRuleSetSchema,
  defaultCompensationRules,
  type AmountFormula,
  type CompensationRule,
  type RemedyFormula,
  type RuleConditions,
} from '@redress/shared/src/compensation/rules';
import { APOLOGY_FLOOR_REASON, computeAmount, evaluateRules, matches, type RuleSubject, type VersionedRule } from './ruleEvaluator';

/** A process complaint from a standard customer, 100 EUR order, handled on time. */
const subject = (over: Partial<RuleSubject> = {}): RuleSubject => ({
  category: 'waiting_time',
  rootCause: 'system',
  kind: 'process',
  severity: 'medium',
  orderAmount: 100,
  currency: 'EUR',
  customerTier: 'standard',
  lifetimeValue: 1000,
  lifecycleStage: 'climax',
  repeatCount: 1,
  slaBreached: false,
  breachMinutes: 0,
  resolutionHours: 10,
  ...over,
});

const fixed = (value: number): AmountFormula => ({
  base: { kind: 'fixed', value },
});
const rule = (key: string, over: Partial<CompensationRule> = {}): CompensationRule => ({
  key,
  name: `Rule ${key}`,
  description: '',
  priority: 10,
  active: true,
  conditions: {},
  remedies: [{ type: 'voucher', amount: fixed(10) }],
  ...over,
});
const v = (r: CompensationRule, version = 1): VersionedRule => ({
  rule: r,
  version,
});
const amounts = (rules: VersionedRule[], s: RuleSubject = subject()) => Object.fromEntries(evaluateRules(s, rules).map((x) => [x.type, x.amount]));

describe('matches: each condition alone', () => {
  it.each<[string, RuleConditions, Partial<RuleSubject>, boolean]>([
    ['no conditions', {}, {}, true],
    ['category hit', { categories: ['waiting_time', 'other'] }, {}, true],
    ['category miss', { categories: ['product_defect'] }, {}, false],
    ['root cause hit', { rootCauses: ['system'] }, {}, true],
    ['root cause miss', { rootCauses: ['people', 'value'] }, {}, false],
    ['kind hit', { kinds: ['process'] }, {}, true],
    ['kind miss', { kinds: ['outcome'] }, {}, false],
    ['min severity: equal', { severities: 'medium' }, {}, true],
    ['min severity: above', { severities: 'high' }, { severity: 'critical' }, true],
    ['min severity: below', { severities: 'high' }, {}, false],
    ['severity list hit', { severities: ['low', 'medium'] }, {}, true],
    ['severity list miss (a list is not a minimum)', { severities: ['high'] }, { severity: 'critical' }, false],
    ['order amount min hit', { orderAmountMin: 100 }, {}, true],
    ['order amount min miss', { orderAmountMin: 100.01 }, {}, false],
    ['order amount min without an order', { orderAmountMin: 0 }, { orderAmount: null }, false],
    ['order amount max hit', { orderAmountMax: 100 }, {}, true],
    ['order amount max miss', { orderAmountMax: 99 }, {}, false],
    ['order amount max without an order', { orderAmountMax: 99 }, { orderAmount: null }, false],
    ['tier hit', { tiers: ['MVC', 'standard'] }, {}, true],
    ['tier miss', { tiers: ['MVC'] }, {}, false],
    ['lifetime value min hit', { lifetimeValueMin: 1000 }, {}, true],
    ['lifetime value min miss', { lifetimeValueMin: 5000 }, {}, false],
    ['lifetime value max hit', { lifetimeValueMax: 1000 }, {}, true],
    ['lifetime value max miss', { lifetimeValueMax: 999 }, {}, false],
    ['lifecycle stage hit', { lifecycleStages: ['decline', 'exit'] }, { lifecycleStage: 'exit' }, true],
    ['lifecycle stage miss', { lifecycleStages: ['decline'] }, {}, false],
    ['repeat count hit', { repeatCountMin: 2 }, { repeatCount: 3 }, true],
    ['repeat count miss', { repeatCountMin: 2 }, {}, false],
    ['breached wanted, breached', { slaBreached: true }, { slaBreached: true, breachMinutes: 5 }, true],
    ['breached wanted, on time', { slaBreached: true }, {}, false],
    ['on time wanted, on time', { slaBreached: false }, {}, true],
    ['on time wanted, breached', { slaBreached: false }, { slaBreached: true, breachMinutes: 5 }, false],
    ['breach minutes hit', { breachMinutesMin: 60 }, { slaBreached: true, breachMinutes: 90 }, true],
    ['breach minutes miss', { breachMinutesMin: 60 }, { slaBreached: true, breachMinutes: 30 }, false],
    ['resolution hours min hit', { resolutionHoursMin: 8 }, {}, true],
    ['resolution hours min miss', { resolutionHoursMin: 24 }, {}, false],
    ['resolution hours max hit', { resolutionHoursMax: 24 }, {}, true],
    ['resolution hours max miss', { resolutionHoursMax: 4 }, {}, false],
    ['resolution hours while unresolved', { resolutionHoursMax: 4 }, { resolutionHours: null }, false],
    ['empty list means any', { categories: [] }, {}, true],
  ])('%s', (_label, conditions, over, expected) => {
    const result = matches(subject(over), conditions);
    expect(result.matched).toBe(expected);
    expect(result.because.length).toBeGreaterThan(0);
  });
});

describe('matches: combinations', () => {
  it.each<[string, RuleConditions, Partial<RuleSubject>, boolean, number]>([
    ['all hold', { kinds: ['outcome'], tiers: ['MVC'], slaBreached: true }, { kind: 'outcome', customerTier: 'MVC', slaBreached: true }, true, 3],
    ['one fails', { kinds: ['outcome'], tiers: ['MVC'], slaBreached: true }, { kind: 'outcome', customerTier: 'MVC' }, false, 1],
    ['two fail', { kinds: ['outcome'], tiers: ['MVC'], repeatCountMin: 1 }, {}, false, 2],
    ['amount range', { orderAmountMin: 50, orderAmountMax: 150 }, {}, true, 2],
  ])('%s', (_label, conditions, over, matched, reasons) => {
    const result = matches(subject(over), conditions);
    expect(result.matched).toBe(matched);
    expect(result.because).toHaveLength(reasons);
  });

  it('explains in plain words', () => {
    expect(matches(subject(), { categories: ['waiting_time'], severities: 'low' }).because).toEqual([
      'category is waiting_time',
      'severity medium is at least low',
    ]);
    expect(matches(subject({ orderAmount: null }), { orderAmountMin: 10 }).because).toEqual(['no order amount (needs at least 10)']);
  });
});

describe('computeAmount', () => {
  const breached = { slaBreached: true, breachMinutes: 150 };
  it.each<[string, AmountFormula, Partial<RuleSubject>, number]>([
    ['fixed', fixed(12.5), {}, 12.5],
    ['percent of order', { base: { kind: 'percentOfOrder', percent: 15 } }, { orderAmount: 80 }, 12],
    ['percent of order without an order', { base: { kind: 'percentOfOrder', percent: 15 } }, { orderAmount: null }, 0],
    ['order amount', { base: { kind: 'orderAmount' } }, { orderAmount: 42.42 }, 42.42],
    ['order amount without an order', { base: { kind: 'orderAmount' } }, { orderAmount: null }, 0],
    ['none', { base: { kind: 'none' } }, {}, 0],
    ['rounded to cents', { base: { kind: 'percentOfOrder', percent: 10 } }, { orderAmount: 33.33 }, 3.33],
    ['breach bonus when breached', { ...fixed(20), breachBonusPercent: 25 }, breached, 25],
    ['breach bonus ignored when on time', { ...fixed(20), breachBonusPercent: 25 }, {}, 20],
    ['breach bonus per full hour', { ...fixed(100), breachBonusPercent: 10, breachBonusPerHourPercent: 5 }, breached, 120],
    ['tier multiplier', { ...fixed(20), tierMultipliers: { MVC: 1.5 } }, { customerTier: 'MVC' }, 30],
    ['tier without a multiplier', { ...fixed(20), tierMultipliers: { MVC: 1.5 } }, { customerTier: 'BZ' }, 20],
    ['bonus then multiplier', { ...fixed(20), breachBonusPercent: 25, tierMultipliers: { STC: 1.2 } }, { ...breached, customerTier: 'STC' }, 30],
    ['min raises', { ...fixed(2), min: 5 }, {}, 5],
    ['min applies without an order', { base: { kind: 'percentOfOrder', percent: 10 }, min: 5 }, { orderAmount: null }, 5],
    [
      'max caps after bonus and tier',
      {
        ...fixed(40),
        breachBonusPercent: 25,
        tierMultipliers: { MVC: 1.5 },
        max: 50,
      },
      { ...breached, customerTier: 'MVC' },
      50,
    ],
    ['cap at order amount', { ...fixed(150), capAtOrderAmount: true }, {}, 100],
    ['cap after min', { ...fixed(1), min: 20, capAtOrderAmount: true }, { orderAmount: 15 }, 15],
    ['cap ignored without an order', { ...fixed(150), capAtOrderAmount: true }, { orderAmount: null }, 150],
  ])('%s', (_label, formula, over, expected) => {
    const { amount, steps } = computeAmount(formula, subject(over));
    expect(amount).toBe(expected);
    expect(steps.length).toBeGreaterThan(0);
  });

  it('lists the steps in order', () => {
    const formula: AmountFormula = {
      base: { kind: 'percentOfOrder', percent: 50 },
      breachBonusPercent: 25,
      tierMultipliers: { MVC: 2 },
      max: 110,
      capAtOrderAmount: true,
    };
    expect(computeAmount(formula, subject({ customerTier: 'MVC', ...breached })).steps).toEqual([
      '50% of the order 100 = 50',
      'resolution target breached: +25% = 62.50',
      'MVC customer: x2 = 125',
      'limited to the maximum 110',
      'capped at the order amount 100',
    ]);
  });
});

describe('evaluateRules', () => {
  const refund = (amount: AmountFormula): RemedyFormula => ({
    type: 'refund',
    amount,
  });
  const points = (n: number): RemedyFormula => ({
    type: 'points',
    amount: fixed(n),
  });

  it.each<[string, VersionedRule[], Partial<RuleSubject>, Record<string, number>]>([
    ['nothing matched: apology floor only', [v(rule('a', { conditions: { kinds: ['outcome'] } }))], {}, { apology: 0 }],
    ['no rules at all', [], {}, { apology: 0 }],
    ['matched rule without apology still gets one', [v(rule('a'))], {}, { apology: 0, voucher: 10 }],
    [
      'same type is not stacked: larger wins',
      [v(rule('a')), v(rule('b', { remedies: [{ type: 'voucher', amount: fixed(25) }] }))],
      {},
      { apology: 0, voucher: 25 },
    ],
    ['different types add up', [v(rule('a')), v(rule('b', { remedies: [points(100)] }))], {}, { apology: 0, voucher: 10, points: 100 }],
    [
      'stopProcessing stops later rules',
      [v(rule('a', { priority: 1, stopProcessing: true })), v(rule('b', { priority: 2, remedies: [points(100)] }))],
      {},
      { apology: 0, voucher: 10 },
    ],
    [
      'stopProcessing on a rule that did not match',
      [
        v(
          rule('a', {
            priority: 1,
            stopProcessing: true,
            conditions: { tiers: ['MVC'] },
          }),
        ),
        v(rule('b', { remedies: [points(100)] })),
      ],
      {},
      { apology: 0, points: 100 },
    ],
    [
      'priority order, not list order',
      [v(rule('b', { priority: 2, remedies: [points(5)] })), v(rule('a', { priority: 1, stopProcessing: true }))],
      {},
      { apology: 0, voucher: 10 },
    ],
    ['inactive rules are ignored', [v(rule('a', { active: false }))], {}, { apology: 0 }],
    [
      'inactive stopProcessing does not stop',
      [v(rule('a', { active: false, stopProcessing: true, priority: 1 })), v(rule('b'))],
      {},
      { apology: 0, voucher: 10 },
    ],
    ['refund capped at the order amount', [v(rule('a', { remedies: [refund(fixed(500))] }))], {}, { apology: 0, refund: 100 }],
    ['refund left out without an order amount', [v(rule('a', { remedies: [refund(fixed(50))] }))], { orderAmount: null }, { apology: 0 }],
    ['refund left out at a zero order', [v(rule('a', { remedies: [refund({ base: { kind: 'orderAmount' } })] }))], { orderAmount: 0 }, { apology: 0 }],
    [
      'zero voucher left out',
      [
        v(
          rule('a', {
            remedies: [
              {
                type: 'voucher',
                amount: { base: { kind: 'percentOfOrder', percent: 10 } },
              },
            ],
          }),
        ),
      ],
      { orderAmount: null },
      { apology: 0 },
    ],
    [
      'replacement kept without an order',
      [
        v(
          rule('a', {
            remedies: [
              {
                type: 'replacement',
                amount: { base: { kind: 'orderAmount' } },
              },
            ],
          }),
        ),
      ],
      { orderAmount: null },
      { apology: 0, replacement: 0 },
    ],
    [
      'points are whole',
      [
        v(
          rule('a', {
            remedies: [
              {
                type: 'points',
                amount: { ...fixed(100), tierMultipliers: { STC: 1.234 } },
              },
            ],
          }),
        ),
      ],
      { customerTier: 'STC' },
      { apology: 0, points: 123 },
    ],
  ])('%s', (_label, rules, over, expected) => {
    expect(amounts(rules, subject(over))).toEqual(expected);
  });

  it('returns the apology floor, exactly once and first', () => {
    expect(evaluateRules(subject(), [])).toEqual([
      {
        type: 'apology',
        amount: 0,
        currency: null,
        ruleKey: 'builtin_apology_floor',
        ruleVersion: 0,
        reason: APOLOGY_FLOOR_REASON,
        explanation: { rule: null, because: [], steps: [], outcome: { type: 'apology', amount: 0, unit: null } },
      },
    ]);
    const apologise: RemedyFormula = {
      type: 'apology',
      amount: { base: { kind: 'none' } },
    };
    const out = evaluateRules(subject(), [v(rule('a', { remedies: [points(10), apologise] })), v(rule('b', { remedies: [apologise] }))]);
    expect(out.map((s) => s.type)).toEqual(['apology', 'points']);
    expect(out[0]).toMatchObject({ ruleKey: 'a', amount: 0 });
  });

  it('carries the rule version, currency and a plain-words reason', () => {
    const r = rule('late_voucher', {
      name: 'Late voucher',
      conditions: { slaBreached: true },
      remedies: [
        {
          type: 'voucher',
          amount: { ...fixed(20), breachBonusPercent: 25 },
          voucherValidDays: 30,
          note: 'Be kind',
        },
      ],
    });
    const [, voucher] = evaluateRules(subject({ slaBreached: true, breachMinutes: 10 }), [v(r, 7)]);
    expect(voucher).toEqual({
      type: 'voucher',
      amount: 25,
      currency: 'EUR',
      ruleKey: 'late_voucher',
      ruleVersion: 7,
      voucherValidDays: 30,
      note: 'Be kind',
      reason:
        'Rule "Late voucher" (late_voucher v7) applies: the resolution target was breached. ' +
        'Amount: fixed 20; resolution target breached: +25% = 25. Suggests voucher of 25 EUR.',
      // The same in parts with codes, for the viewer's language.
      explanation: {
        rule: { name: 'Late voucher', key: 'late_voucher', version: 7 },
        because: [{ code: 'rule.breached', params: {} }],
        steps: [
          { code: 'rule.amountFixed', params: { amount: 20 } },
          { code: 'rule.breachBonus', params: { bonus: 25, amount: 25 } },
        ],
        outcome: { type: 'voucher', amount: 25, unit: 'EUR' },
      },
    });
  });

  it('keeps the earlier rule on a tie and says why the larger one won', () => {
    const out = evaluateRules(subject(), [v(rule('a', { priority: 1 }), 3), v(rule('b', { priority: 2 }), 4)]);
    expect(out[1]).toMatchObject({ ruleKey: 'a', ruleVersion: 3 });
    const bigger = evaluateRules(subject(), [
      v(rule('a', { priority: 1 }), 3),
      v(
        rule('b', {
          priority: 2,
          remedies: [{ type: 'voucher', amount: fixed(11) }],
        }),
        4,
      ),
    ]);
    expect(bigger[1]).toMatchObject({
      ruleKey: 'b',
      ruleVersion: 4,
      amount: 11,
    });
    expect(bigger[1]?.reason).toContain('Chosen over 10 from a v3.');
    expect(bigger[1]?.explanation.chosenOver).toEqual({ amount: 10, ruleKey: 'a', ruleVersion: 3 });
  });
});

describe('rule schema', () => {
  it('accepts the default rules', () => {
    expect(compensationRuleSetSchema.safeParse(defaultCompensationRules).success).toBe(true);
  });
  it.each<[string, unknown]>([
    [
      'min above max',
      {
        ...rule('a'),
        remedies: [{ type: 'voucher', amount: { ...fixed(1), min: 10, max: 5 } }],
      },
    ],
    ['apology with an amount', { ...rule('a'), remedies: [{ type: 'apology', amount: fixed(5) }] }],
    ['no remedies', { ...rule('a'), remedies: [] }],
    ['bad severity', { ...rule('a'), conditions: { severities: 'urgent' } }],
    ['unknown condition', { ...rule('a'), conditions: { colour: 'red' } }],
    ['order range reversed', { ...rule('a'), conditions: { orderAmountMin: 10, orderAmountMax: 5 } }],
  ])('rejects %s', (_label, input) => {
    expect(compensationRuleSchema.safeParse(input).success).toBe(false);
  });
  it('rejects duplicate keys in a set', () => {
    expect(compensationRuleSetSchema.safeParse([rule('a'), rule('a')]).success).toBe(false);
  });
});

describe('default rules on realistic complaints', () => {
  const defaults = defaultCompensationRules.map((r) => v(r, 1));
  it.each<[string, Partial<RuleSubject>, Record<string, number>]>([
    [
      'MVC, damaged parcel, breached: replacement + boosted voucher',
      {
        category: 'damaged_in_transit',
        kind: 'outcome',
        orderAmount: 200,
        customerTier: 'MVC',
        slaBreached: true,
        breachMinutes: 120,
      },
      { apology: 0, replacement: 200, voucher: 37.5 },
    ],
    [
      'MVC, overcharged, breached: refund capped at the order',
      {
        category: 'billing_overcharge',
        rootCause: 'value',
        kind: 'outcome',
        orderAmount: 80,
        customerTier: 'MVC',
        slaBreached: true,
        breachMinutes: 30,
      },
      { apology: 0, refund: 80, voucher: 15 },
    ],
    [
      'STC, late delivery, breached: partial refund raised by breach and tier',
      {
        category: 'delivery_delay',
        kind: 'outcome',
        orderAmount: 100,
        customerTier: 'STC',
        slaBreached: true,
        breachMinutes: 60,
      },
      { apology: 0, refund: 30, voucher: 15 },
    ],
    ['BZ, waiting time, on time: apology and the minimum voucher', { customerTier: 'BZ', orderAmount: 20 }, { apology: 0, voucher: 5 }],
    [
      'standard, rude staff, big order: voucher capped at 50',
      { category: 'staff_behaviour', rootCause: 'people', orderAmount: 900 },
      { apology: 0, voucher: 50 },
    ],
    [
      'no order, defect: replacement with unknown value',
      {
        category: 'product_defect',
        rootCause: 'value',
        kind: 'outcome',
        orderAmount: null,
      },
      { apology: 0, replacement: 0 },
    ],
    [
      'overcharge without an order amount: no refund',
      {
        category: 'billing_overcharge',
        rootCause: 'value',
        kind: 'outcome',
        orderAmount: null,
      },
      { apology: 0 },
    ],
    [
      'customer in decline, complaining again',
      {
        lifecycleStage: 'decline',
        repeatCount: 3,
        customerTier: 'MVC',
        orderAmount: 100,
      },
      { apology: 0, voucher: 15, surprise_gift: 15, points: 300 },
    ],
    ['unknown outcome category: still an apology', { category: 'custom_thing', kind: 'outcome' }, { apology: 0 }],
  ])('%s', (_label, over, expected) => {
    const out = evaluateRules(subject(over), defaults);
    expect(Object.fromEntries(out.map((s) => [s.type, s.amount]))).toEqual(expected);
    expect(out.filter((s) => s.type === 'apology')).toHaveLength(1);
    for (const s of out) expect(s.reason.length).toBeGreaterThan(10);
  });
});
