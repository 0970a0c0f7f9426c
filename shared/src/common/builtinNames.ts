import { defaultCompensationRules } from '../compensation/rules';

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

export type BuiltinNameKind = 'slaPolicy' | 'slaCalendar' | 'remedyRule';

const byName = (names: Record<string, string>) => new Map(Object.entries(names).map(([code, name]) => [name, code]));
const slaPolicies = byName(builtinSlaPolicyNames);
const slaCalendars = byName(builtinSlaCalendarNames);
const ruleNames = new Map(defaultCompensationRules.map((r) => [r.key, r.name]));

/**
 * The code of a built-in name, or null for a name someone entered. Rules are recognised by key and
 * their default name together (an edited rule name is the editor's).
 */
export function builtinNameCode(kind: BuiltinNameKind, name: string, key?: string): string | null {
  if (kind === 'slaPolicy') return slaPolicies.get(name) ?? null;
  if (kind === 'slaCalendar') return slaCalendars.get(name) ?? null;
  return key !== undefined && ruleNames.get(key) === name ? key : null;
}
