import {
  serverText,
  severities,
  type CustomerTier,
  type DissatisfactionKind,
  type LifecycleStage,
  type RootCause,
  type RuleExplanation,
  type ServerText,
  type Severity,
} from '@redress/shared';
import type { AmountFormula, CompensationRule, RemedyFormula, RemedyType, RuleConditions } from '@redress/shared';

/**
 * The pure service-recovery rule evaluator: given the facts of one complaint and the versioned
 * compensation rules, suggest remedies with a plain-words reason for each. No I/O, no clock.
 */

/** The facts about a complaint that compensation rules can look at. */
export interface RuleSubject {
  /** Category key, e.g. "product_defect". */
  category: string;
  rootCause: RootCause;
  kind: DissatisfactionKind;
  severity: Severity;
  /** Amount of the order concerned, in `currency`; null when the customer gave none. */
  orderAmount: number | null;
  currency: string | null;
  customerTier: CustomerTier;
  lifetimeValue: number;
  lifecycleStage: LifecycleStage;
  /** Complaints from this customer in the look-back period, this one included (2 = a repeat complainer). */
  repeatCount: number;
  /** True when the resolution target was (or is now) breached. */
  slaBreached: boolean;
  /** How far past the resolution target, in minutes (0 when not breached). */
  breachMinutes: number;
  /** Time to resolution in hours; null while unresolved. */
  resolutionHours: number | null;
}

/** A rule as stored, with the version the suggestion will cite for the audit trail. */
export interface VersionedRule {
  rule: CompensationRule;
  version: number;
}

/** One suggested remedy. Money amounts are in `currency`; points (and apologies) have currency null. */
export interface Suggestion {
  type: RemedyType;
  amount: number;
  currency: string | null;
  ruleKey: string;
  ruleVersion: number;
  /** Plain words (English): which conditions matched and how the amount was computed. */
  reason: string;
  /** The same in parts with codes, which the console shows in the viewer's language. */
  explanation: RuleExplanation;
  /** Vouchers only: how long the voucher is valid, when the rule says so. */
  voucherValidDays?: number;
  /** The rule's note for the agent, if any. */
  note?: string;
}

/** Reason of the apology added when no applicable rule offered one. */
export const APOLOGY_FLOOR_REASON = 'apology floor';
/** Rule key (version 0) cited by the built-in apology floor. */
export const APOLOGY_FLOOR_RULE_KEY = 'builtin_apology_floor';

/** Remedies that mean nothing at amount 0 and are then left out. */
const valueOnly: ReadonlySet<RemedyType> = new Set<RemedyType>(['refund', 'voucher', 'points']);

const roundCents = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;
const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : roundCents(n).toFixed(2));
const list = (xs: readonly string[]): string => xs.join(', ');
const rank = (s: Severity): number => severities.indexOf(s);
/** A money figure for a parameter: rounded to cents like the English text. */
const cents = (n: number): number => roundCents(n);

/**
 * Check a rule's conditions against a complaint. When matched, `because` lists every condition that
 * held; when not, every condition that failed.
 */
export function matches(subject: RuleSubject, conditions: RuleConditions): { matched: boolean; because: string[]; becauseText: ServerText[] } {
  const hits: [string, ServerText][] = [];
  const misses: [string, ServerText][] = [];
  const check = (ok: boolean, yes: string, no: string, yesText: ServerText, noText: ServerText): void => {
    if (ok) hits.push([yes, yesText]);
    else misses.push([no, noText]);
  };
  // `what` in the codes is the condition's field (the client names it); `label` is its English name.
  const atLeast = (value: number | null, min: number | undefined, label: string, what: string): void => {
    if (min === undefined) return;
    if (value === null) misses.push([`no ${label} (needs at least ${fmt(min)})`, serverText('rule.missingMin', { what, min })]);
    else
      check(
        value >= min,
        `${label} ${fmt(value)} is at least ${fmt(min)}`,
        `${label} ${fmt(value)} is below ${fmt(min)}`,
        serverText('rule.atLeast', { what, value, min }),
        serverText('rule.below', { what, value, min }),
      );
  };
  const atMost = (value: number | null, max: number | undefined, label: string, what: string): void => {
    if (max === undefined) return;
    if (value === null) misses.push([`no ${label} (needs at most ${fmt(max)})`, serverText('rule.missingMax', { what, max })]);
    else
      check(
        value <= max,
        `${label} ${fmt(value)} is at most ${fmt(max)}`,
        `${label} ${fmt(value)} is above ${fmt(max)}`,
        serverText('rule.atMost', { what, value, max }),
        serverText('rule.above', { what, value, max }),
      );
  };
  const oneOf = <T extends string>(value: T, allowed: readonly T[] | undefined, label: string, what: string): void => {
    if (!allowed || allowed.length === 0) return;
    check(
      allowed.includes(value),
      `${label} is ${value}`,
      `${label} ${value} is not ${list(allowed)}`,
      serverText('rule.oneOf', { what, value }),
      serverText('rule.notOneOf', { what, value, allowed: [...allowed] }),
    );
  };
  const c = conditions;
  const s = subject;

  oneOf(s.category, c.categories, 'category', 'category');
  oneOf(s.rootCause, c.rootCauses, 'root cause', 'rootCause');
  oneOf(s.kind, c.kinds, 'kind', 'kind');
  if (typeof c.severities === 'string') {
    const min = c.severities;
    check(
      rank(s.severity) >= rank(min),
      `severity ${s.severity} is at least ${min}`,
      `severity ${s.severity} is below ${min}`,
      serverText('rule.severityAtLeast', { value: s.severity, min }),
      serverText('rule.severityBelow', { value: s.severity, min }),
    );
  } else {
    oneOf(s.severity, c.severities, 'severity', 'severity');
  }
  atLeast(s.orderAmount, c.orderAmountMin, 'order amount', 'orderAmount');
  atMost(s.orderAmount, c.orderAmountMax, 'order amount', 'orderAmount');
  oneOf(s.customerTier, c.tiers, 'customer tier', 'customerTier');
  atLeast(s.lifetimeValue, c.lifetimeValueMin, 'lifetime value', 'lifetimeValue');
  atMost(s.lifetimeValue, c.lifetimeValueMax, 'lifetime value', 'lifetimeValue');
  oneOf(s.lifecycleStage, c.lifecycleStages, 'lifecycle stage', 'lifecycleStage');
  atLeast(s.repeatCount, c.repeatCountMin, 'complaint count', 'complaintCount');
  if (c.slaBreached !== undefined) {
    check(
      s.slaBreached === c.slaBreached,
      s.slaBreached ? 'the resolution target was breached' : 'the resolution target was not breached',
      s.slaBreached ? 'the resolution target was breached (rule is for on-time cases)' : 'the resolution target was not breached',
      serverText(s.slaBreached ? 'rule.breached' : 'rule.notBreached'),
      serverText(s.slaBreached ? 'rule.breachedOnTimeRule' : 'rule.notBreached'),
    );
  }
  atLeast(s.breachMinutes, c.breachMinutesMin, 'breach minutes', 'breachMinutes');
  atLeast(s.resolutionHours, c.resolutionHoursMin, 'resolution hours', 'resolutionHours');
  atMost(s.resolutionHours, c.resolutionHoursMax, 'resolution hours', 'resolutionHours');

  const split = (xs: [string, ServerText][]) => ({ because: xs.map((x) => x[0]), becauseText: xs.map((x) => x[1]) });
  if (misses.length > 0) return { matched: false, ...split(misses) };
  if (hits.length === 0) return { matched: true, because: ['no conditions: applies to every complaint'], becauseText: [serverText('rule.noConditions')] };
  return { matched: true, ...split(hits) };
}

/**
 * Compute a remedy amount: base → SLA breach bonus → tier multiplier → min/max clamp → cap at the
 * order amount, rounded to cents. `steps` explains each step that changed something (`stepsText`:
 * the same as codes).
 */
export function computeAmount(formula: AmountFormula, subject: RuleSubject): { amount: number; steps: string[]; stepsText: ServerText[] } {
  const steps: string[] = [];
  const stepsText: ServerText[] = [];
  const step = (english: string, text: ServerText) => {
    steps.push(english);
    stepsText.push(text);
  };
  const order = subject.orderAmount;
  let amount: number;
  const base = formula.base;
  switch (base.kind) {
    case 'fixed':
      amount = base.value;
      step(`fixed ${fmt(amount)}`, serverText('rule.amountFixed', { amount: cents(amount) }));
      break;
    case 'percentOfOrder':
      amount = order === null ? 0 : (order * base.percent) / 100;
      if (order === null)
        step(`${fmt(base.percent)}% of the order, but there is no order amount: 0`, serverText('rule.amountPercentNoOrder', { percent: base.percent }));
      else
        step(
          `${fmt(base.percent)}% of the order ${fmt(order)} = ${fmt(amount)}`,
          serverText('rule.amountPercent', { percent: base.percent, order, amount: cents(amount) }),
        );
      break;
    case 'orderAmount':
      amount = order ?? 0;
      if (order === null) step('the order amount, but there is none: 0', serverText('rule.amountOrderNone'));
      else step(`the order amount ${fmt(order)}`, serverText('rule.amountOrder', { order }));
      break;
    case 'none':
      amount = 0;
      step('no amount', serverText('rule.amountNone'));
      break;
  }

  if (subject.slaBreached && amount > 0) {
    const hours = Math.floor(Math.max(0, subject.breachMinutes) / 60);
    const flat = formula.breachBonusPercent ?? 0;
    const perHour = (formula.breachBonusPerHourPercent ?? 0) * hours;
    const bonus = flat + perHour;
    if (bonus > 0) {
      amount = amount * (1 + bonus / 100);
      const detail = perHour > 0 ? ` (${fmt(flat)}% + ${fmt(formula.breachBonusPerHourPercent ?? 0)}% x ${hours} h)` : '';
      step(
        `resolution target breached: +${fmt(bonus)}%${detail} = ${fmt(amount)}`,
        perHour > 0
          ? serverText('rule.breachBonusPerHour', { bonus: cents(bonus), flat, perHour: formula.breachBonusPerHourPercent ?? 0, hours, amount: cents(amount) })
          : serverText('rule.breachBonus', { bonus: cents(bonus), amount: cents(amount) }),
      );
    }
  }

  const multiplier = formula.tierMultipliers?.[subject.customerTier];
  if (multiplier !== undefined && multiplier !== 1 && amount > 0) {
    amount = amount * multiplier;
    step(
      `${subject.customerTier} customer: x${fmt(multiplier)} = ${fmt(amount)}`,
      serverText('rule.tierMultiplier', { tier: subject.customerTier, multiplier, amount: cents(amount) }),
    );
  }

  if (formula.min !== undefined && amount < formula.min) {
    amount = formula.min;
    step(`raised to the minimum ${fmt(formula.min)}`, serverText('rule.raisedToMin', { min: formula.min }));
  }
  if (formula.max !== undefined && amount > formula.max) {
    amount = formula.max;
    step(`limited to the maximum ${fmt(formula.max)}`, serverText('rule.limitedToMax', { max: formula.max }));
  }
  if (formula.capAtOrderAmount && order !== null && amount > order) {
    amount = order;
    step(`capped at the order amount ${fmt(order)}`, serverText('rule.cappedAtOrder', { order }));
  }
  return { amount: roundCents(amount), steps, stepsText };
}

/** Turn one remedy of a matched rule into a suggestion, or null when it would offer nothing. */
function suggest(
  remedy: RemedyFormula,
  versioned: VersionedRule,
  subject: RuleSubject,
  matched: { because: string[]; becauseText: ServerText[] },
): Suggestion | null {
  const { rule, version } = versioned;
  const { amount: computed, steps, stepsText } = computeAmount(remedy.amount, subject);
  let amount = computed;
  let currency: string | null = subject.currency;

  if (remedy.type === 'apology') {
    amount = 0;
    currency = null;
  } else if (remedy.type === 'points') {
    amount = Math.round(amount);
    currency = null;
  } else if (remedy.type === 'refund') {
    const order = subject.orderAmount;
    if (order === null || order <= 0) return null;
    if (amount > order) {
      amount = order;
      steps.push(`refund capped at the order amount ${fmt(order)}`);
      stepsText.push(serverText('rule.refundCapped', { order }));
    }
  }
  if (valueOnly.has(remedy.type) && amount <= 0) return null;

  const unit = remedy.type === 'points' ? ' points' : currency ? ` ${currency}` : '';
  const outcome = remedy.type === 'apology' ? 'apology' : `${remedy.type.replace('_', ' ')} of ${fmt(amount)}${unit}`;
  const reason = `Rule "${rule.name}" (${rule.key} v${version}) applies: ${matched.because.join('; ')}. Amount: ${steps.join('; ')}. Suggests ${outcome}.`;
  const s: Suggestion = {
    type: remedy.type,
    amount,
    currency,
    ruleKey: rule.key,
    ruleVersion: version,
    reason,
    explanation: {
      rule: { name: rule.name, key: rule.key, version },
      because: matched.becauseText,
      steps: stepsText,
      outcome: { type: remedy.type, amount, unit: remedy.type === 'points' ? 'points' : currency },
    },
  };
  if (remedy.type === 'voucher' && remedy.voucherValidDays !== undefined) s.voucherValidDays = remedy.voucherValidDays;
  if (remedy.note !== undefined) s.note = remedy.note;
  return s;
}

/**
 * Suggest remedies for a complaint. Active rules run in priority order (lowest first, then by key);
 * each matching rule contributes its remedies, and `stopProcessing` ends the run after that rule.
 * The same remedy type is never stacked: the larger amount wins (the earlier rule on a tie). Refunds
 * never exceed the order amount and are left out without one. The result always holds exactly one
 * apology, listed first; when no applicable rule offered one it cites the built-in apology floor.
 */
export function evaluateRules(subject: RuleSubject, rules: VersionedRule[]): Suggestion[] {
  const ordered = [...rules].sort((a, b) => a.rule.priority - b.rule.priority || a.rule.key.localeCompare(b.rule.key));
  const chosen = new Map<RemedyType, Suggestion>();

  for (const versioned of ordered) {
    const { rule } = versioned;
    if (!rule.active) continue;
    const m = matches(subject, rule.conditions);
    if (!m.matched) continue;
    for (const remedy of rule.remedies) {
      const next = suggest(remedy, versioned, subject, m);
      if (!next) continue;
      const previous = chosen.get(next.type);
      if (!previous) chosen.set(next.type, next);
      else if (next.amount > previous.amount) {
        next.reason += ` Chosen over ${fmt(previous.amount)} from ${previous.ruleKey} v${previous.ruleVersion}.`;
        next.explanation.chosenOver = { amount: previous.amount, ruleKey: previous.ruleKey, ruleVersion: previous.ruleVersion };
        chosen.set(next.type, next);
      }
    }
    if (rule.stopProcessing) break;
  }

  const apology: Suggestion = chosen.get('apology') ?? {
    type: 'apology',
    amount: 0,
    currency: null,
    ruleKey: APOLOGY_FLOOR_RULE_KEY,
    ruleVersion: 0,
    reason: APOLOGY_FLOOR_REASON,
    explanation: { rule: null, because: [], steps: [], outcome: { type: 'apology', amount: 0, unit: null } },
  };
  chosen.delete('apology');
  return [apology, ...chosen.values()];
}
