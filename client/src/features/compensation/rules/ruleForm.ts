import type { CompensationRule, CustomerTier, RemedyType } from '@redress/shared';
import type { Issue } from '../../../lib/formIssues';

/**
 * The rule form's model. Conditions are rows of field, operator and value, each row one key of
 * `ruleConditionsSchema` ("order amount ≥ 50" is `orderAmountMin: 50`); remedies mirror
 * `remedyFormulaSchema` field by field, so zod's issue paths name the form's own fields.
 */
export const conditionFields = {
  categories: { kind: 'list', ops: ['in'] },
  kinds: { kind: 'list', ops: ['in'] },
  rootCauses: { kind: 'list', ops: ['in'] },
  severities: { kind: 'severity', ops: ['atLeast', 'in'] },
  tiers: { kind: 'list', ops: ['in'] },
  lifecycleStages: { kind: 'list', ops: ['in'] },
  orderAmount: { kind: 'number', ops: ['gte', 'lte'] },
  lifetimeValue: { kind: 'number', ops: ['gte', 'lte'] },
  repeatCount: { kind: 'number', ops: ['gte'] },
  slaBreached: { kind: 'flag', ops: ['is'] },
  breachMinutes: { kind: 'number', ops: ['gte'] },
  resolutionHours: { kind: 'number', ops: ['gte', 'lte'] },
} as const;
export type ConditionField = keyof typeof conditionFields;
export type ConditionOp = 'in' | 'atLeast' | 'gte' | 'lte' | 'is';
export const conditionFieldNames = Object.keys(conditionFields) as ConditionField[];

export interface ConditionRow {
  field?: ConditionField;
  op?: ConditionOp;
  /** string[] for lists, a severity for "at least", a number, or a boolean for a flag. */
  value?: string | string[] | number | boolean | null;
}

type Num = number | null | undefined;
type TierMultipliers = Partial<Record<CustomerTier, Num>>;
export interface RemedyRow {
  type?: RemedyType;
  amount?: {
    base?: { kind?: 'fixed' | 'percentOfOrder' | 'orderAmount' | 'none'; value?: Num; percent?: Num };
    breachBonusPercent?: Num;
    breachBonusPerHourPercent?: Num;
    tierMultipliers?: TierMultipliers;
    min?: Num;
    max?: Num;
    capAtOrderAmount?: boolean;
  };
  voucherValidDays?: Num;
  note?: string;
}

export interface RuleFormValues {
  key?: string;
  name?: string;
  description?: string;
  priority?: Num;
  active?: boolean;
  stopProcessing?: boolean;
  conditions?: ConditionRow[];
  remedies?: RemedyRow[];
}

/** The conditions key a row stands for ("orderAmount" with "≥" is orderAmountMin). */
export function conditionKey(row: ConditionRow): string | null {
  if (!row.field) return null;
  const kind = conditionFields[row.field]?.kind;
  if (kind === 'number') return row.op === 'lte' ? `${row.field}Max` : `${row.field}Min`;
  return row.field;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** The rule object the form describes, before compensationRuleSchema checks it. Unset optional numbers are left out. */
export function formToRule(v: RuleFormValues): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  for (const row of v.conditions ?? []) {
    const key = conditionKey(row);
    if (!key) continue;
    const kind = conditionFields[row.field!].kind;
    if (kind === 'list' || (kind === 'severity' && row.op === 'in')) conditions[key] = Array.isArray(row.value) ? row.value : [];
    else if (kind === 'flag') conditions[key] = row.value !== false;
    else conditions[key] = row.value ?? null;
  }
  const remedies = (v.remedies ?? []).map((r) => {
    const a = r.amount ?? {};
    const kind = a.base?.kind ?? 'none';
    const base = kind === 'fixed' ? { kind, value: a.base?.value } : kind === 'percentOfOrder' ? { kind, percent: a.base?.percent } : { kind };
    const multipliers = Object.fromEntries(Object.entries(a.tierMultipliers ?? {}).filter(([, m]) => present(m)));
    const amount: Record<string, unknown> = { base };
    if (present(a.breachBonusPercent)) amount.breachBonusPercent = a.breachBonusPercent;
    if (present(a.breachBonusPerHourPercent)) amount.breachBonusPerHourPercent = a.breachBonusPerHourPercent;
    if (Object.keys(multipliers).length) amount.tierMultipliers = multipliers;
    if (present(a.min)) amount.min = a.min;
    if (present(a.max)) amount.max = a.max;
    if (a.capAtOrderAmount) amount.capAtOrderAmount = true;
    const out: Record<string, unknown> = { type: r.type, amount };
    if (present(r.voucherValidDays)) out.voucherValidDays = r.voucherValidDays;
    if (r.note?.trim()) out.note = r.note;
    return out;
  });
  const rule: Record<string, unknown> = {
    key: v.key ?? '',
    name: v.name ?? '',
    description: v.description ?? '',
    priority: v.priority,
    active: Boolean(v.active),
  };
  if (v.stopProcessing) rule.stopProcessing = true;
  return { ...rule, conditions, remedies };
}

const asObject = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The form values for a rule, or for whatever object an expert typed in the JSON tab (unknown keys are dropped). */
export function ruleToForm(raw: unknown): RuleFormValues {
  const r = asObject(raw);
  const cond = asObject(r.conditions);
  const conditions: ConditionRow[] = [];
  for (const field of conditionFieldNames) {
    const kind = conditionFields[field].kind;
    if (kind === 'number') {
      if (cond[`${field}Min`] !== undefined) conditions.push({ field, op: 'gte', value: cond[`${field}Min`] as ConditionRow['value'] });
      if (cond[`${field}Max`] !== undefined) conditions.push({ field, op: 'lte', value: cond[`${field}Max`] as ConditionRow['value'] });
    } else if (cond[field] !== undefined) {
      const op: ConditionOp = kind === 'severity' ? (Array.isArray(cond[field]) ? 'in' : 'atLeast') : kind === 'flag' ? 'is' : 'in';
      conditions.push({ field, op, value: cond[field] as ConditionRow['value'] });
    }
  }
  const remedies = (Array.isArray(r.remedies) ? r.remedies : []).map((x): RemedyRow => {
    const m = asObject(x);
    const a = asObject(m.amount);
    const base = asObject(a.base);
    return {
      type: m.type as RemedyType,
      amount: {
        base: { kind: (base.kind as 'none') ?? 'none', value: base.value as Num, percent: base.percent as Num },
        breachBonusPercent: a.breachBonusPercent as Num,
        breachBonusPerHourPercent: a.breachBonusPerHourPercent as Num,
        tierMultipliers: asObject(a.tierMultipliers) as TierMultipliers,
        min: a.min as Num,
        max: a.max as Num,
        capAtOrderAmount: Boolean(a.capAtOrderAmount),
      },
      voucherValidDays: m.voucherValidDays as Num,
      note: (m.note as string) ?? '',
    };
  });
  return {
    key: (r.key as string) ?? '',
    name: (r.name as string) ?? '',
    description: (r.description as string) ?? '',
    priority: r.priority as Num,
    active: r.active !== false,
    stopProcessing: Boolean(r.stopProcessing),
    conditions,
    remedies,
  };
}

/** A new rule's starting values. */
export const blankRule: CompensationRule = {
  key: 'new_rule',
  name: 'New rule',
  description: '',
  priority: 500,
  active: true,
  conditions: {},
  remedies: [{ type: 'apology', amount: { base: { kind: 'none' } } }],
};

/**
 * Issue paths of the rule as paths of the form: "conditions.orderAmountMin" becomes the value of
 * the condition row that sets it; everything else already names a form field.
 */
export function formIssues(issues: readonly Issue[], rows: readonly ConditionRow[]): Issue[] {
  return issues.map((i) => {
    const parts = typeof i.path === 'string' ? i.path.split('.') : i.path.map(String);
    // "An apology carries no amount" names the base; the form's control for it is the base's kind.
    if (parts[0] === 'remedies' && parts[parts.length - 1] === 'base') return { ...i, path: [...parts, 'kind'] };
    if (parts[0] !== 'conditions' || parts.length < 2) return i;
    const index = rows.findIndex((row) => conditionKey(row) === parts[1]);
    if (index < 0) return i;
    // Every condition's value is one box: say which kind of problem it has (a range the wrong way round, an empty list).
    const textKey = i.code === 'custom' ? 'conditions.range' : i.code === 'too_small' ? 'conditions.pick' : 'conditions.value';
    return { ...i, path: ['conditions', index, 'value'], textKey };
  });
}
