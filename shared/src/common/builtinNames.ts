/**
 * Names of what Redress creates itself (the built-in and demo SLA policies and calendars, the
 * default compensation rules): stored in English as any name is, and recognised by code here so
 * the client can show them in the viewer's language (`serverText.names.<kind>.<code>` in
 * en.json / zh.json). A name someone typed, or a built-in one they renamed, is shown as entered.
 */
export const builtinSlaPolicyNames = {
  fallback: 'Built-in default',
  urgent: 'Urgent (24/7)',
  mvc: 'Most valuable customers',
  high: 'High priority',
  standard: 'Standard',
} as const;

export const builtinSlaCalendarNames = {
  always: '24/7',
  weekdays: 'Weekdays 09:00–17:00 (Europe/London)',
} as const;

/**
 * The default compensation rules' names by key (as in defaultCompensationRules, which a test
 * checks). Not read from compensation/rules: that module brings zod into the staff frame's first
 * download (client size budget).
 */
export const builtinRemedyRuleNames: Readonly<Record<string, string>> = {
  outcome_replace_goods: 'Replace defective, damaged or wrong goods',
  outcome_refund_money: 'Give the money back',
  outcome_refund_partial: 'Partial refund for late or interrupted service',
  process_gesture: 'Apology and voucher for process failures',
  outcome_breach_gesture: 'Voucher when an outcome failure was handled late',
  decline_win_back: 'Surprise gift to win back a customer in decline',
  repeat_complainer_points: 'Loyalty points for repeat complainers',
  apology_floor: 'Apology floor',
};

export type BuiltinNameKind = 'slaPolicy' | 'slaCalendar' | 'remedyRule';

const byName = (names: Record<string, string>) => new Map(Object.entries(names).map(([code, name]) => [name, code]));
const slaPolicies = byName(builtinSlaPolicyNames);
const slaCalendars = byName(builtinSlaCalendarNames);
const ruleNames = new Map(Object.entries(builtinRemedyRuleNames));

/**
 * The code of a built-in name, or null for a name someone entered. Rules are recognised by key and
 * their default name together (an edited rule name is the editor's).
 */
export function builtinNameCode(kind: BuiltinNameKind, name: string, key?: string): string | null {
  if (kind === 'slaPolicy') return slaPolicies.get(name) ?? null;
  if (kind === 'slaCalendar') return slaCalendars.get(name) ?? null;
  return key !== undefined && ruleNames.get(key) === name ? key : null;
}
