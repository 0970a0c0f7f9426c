import type { FormInstance } from 'antd';
import type { FieldIssue } from '@redress/shared';
import { i18n } from '../i18n';

/** An antd `form.setFields` entry. */
export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

/** What `form.setFields` accepts for a form of values T. */
export type FieldsFor<T> = Parameters<FormInstance<T>['setFields']>[0];

type Issue = { path: readonly PropertyKey[] | string; message: string };

/**
 * The message to show for a field. Schema messages are English; in other languages a per-field
 * text from `<prefix>.<path>` is shown when the dictionary has one.
 */
function localise(prefix: string, path: string, message: string): string {
  if (i18n.language === 'en') return message;
  const key = `${prefix}.${path}`;
  return i18n.exists(key) ? i18n.t(key) : message;
}

/**
 * Turn zod issues or the API's field issues ("customer.email") into antd field errors, one entry per
 * field with its first message. Every field in `known` that has no issue gets its error cleared.
 */
export function toFieldErrors<T = unknown>(issues: readonly Issue[], prefix: string, known: readonly string[] = []): FieldsFor<T> {
  const byPath = new Map<string, string>();
  for (const issue of issues) {
    const parts = typeof issue.path === 'string' ? issue.path.split('.') : issue.path.map(String);
    const path = parts.join('.');
    if (!byPath.has(path)) byPath.set(path, localise(prefix, path, issue.message));
  }
  const out: FieldError[] = [...byPath].map(([path, msg]) => ({ name: path.split('.'), errors: [msg] }));
  for (const k of known) if (!byPath.has(k)) out.push({ name: k.split('.'), errors: [] });
  // Paths come from the same schema the form is built on; antd types names as literal tuples.
  return out as unknown as FieldsFor<T>;
}

/** Field issues from the server in the same shape as zod's. */
export function serverIssues(fields: FieldIssue[]): Issue[] {
  return fields.map((f) => ({ path: f.path, message: f.message }));
}
