import type { FormInstance } from 'antd';
import { i18n } from '../i18n';

/** A zod issue or an API field issue. */
export type Issue = {
  path: readonly PropertyKey[] | string;
  message: string;
  code?: string;
  expected?: unknown;
  /** Dictionary key (under the prefix) for the non-English text, when the path alone cannot tell issues apart. */
  textKey?: string;
};

function partsOf(path: Issue['path']): string[] {
  return (typeof path === 'string' ? path.split('.') : path.map(String)).filter((p) => p !== '');
}

/**
 * The message for a field: English as the shared schema says it; in Chinese the text at
 * `<prefix>.<path without list indexes>` when the dictionary has one. An empty number box reads
 * `<prefix>.enterNumber` ("Enter a number") in either language.
 */
function localise(prefix: string, parts: string[], issue: Issue): string {
  if (issue.code === 'invalid_type' && issue.expected === 'number' && i18n.exists(`${prefix}.enterNumber`)) return i18n.t(`${prefix}.enterNumber`);
  if (i18n.language === 'en') return issue.message;
  const key = `${prefix}.${issue.textKey ?? parts.filter((p) => !/^\d+$/.test(p)).join('.')}`;
  // A key may name a group of texts (calendar.weekly has one per box): only a string is a message.
  const text: unknown = i18n.exists(key) ? i18n.t(key, { returnObjects: true }) : null;
  return typeof text === 'string' ? text : issue.message;
}

/**
 * Show zod or API issues on the form fields they name (the closest registered field up the path:
 * "calendar.weekly.2.close" on that row's close box), clear every other field's error, and return
 * the messages that name no field (for an alert under the form).
 */
export function applyIssues<T>(form: FormInstance<T>, issues: readonly Issue[], prefix: string): string[] {
  const registered = form.getFieldsError();
  const byKey = new Map(registered.map((f) => [f.name.join('.'), f.name] as const));
  const errors = new Map<string, string>();
  const unplaced: string[] = [];
  for (const issue of issues) {
    const parts = partsOf(issue.path);
    let p = parts;
    while (p.length > 0 && !byKey.has(p.join('.'))) p = p.slice(0, -1);
    const message = localise(prefix, parts, issue);
    if (p.length === 0) unplaced.push(message);
    else if (!errors.has(p.join('.'))) errors.set(p.join('.'), message);
  }
  form.setFields(
    registered.map((f) => ({ name: f.name, errors: errors.has(f.name.join('.')) ? [errors.get(f.name.join('.'))!] : [] })) as Parameters<
      FormInstance<T>['setFields']
    >[0],
  );
  return [...new Set(unplaced)];
}
