import type { Role, StaffUserView, TeamView } from '@redress/shared';
import { i18n } from '../../i18n';
import { toFieldErrors, type FieldsFor } from '../../lib/formErrors';

/** What the user drawer's antd form holds; field names follow createUserSchema / updateUserSchema. */
export interface UserFormValues {
  name?: string;
  email?: string;
  role?: Role;
  password?: string;
  teamIds?: string[];
  skills?: { categories?: string[]; languages?: ('en' | 'zh')[] };
  capacity?: number | null;
  senior?: boolean;
  notifyByEmail?: boolean;
  remedyLimits?: { perRemedy?: number | null; perDay?: number | null };
  active?: boolean;
}

/** What the team drawer's form holds; field names follow createTeamSchema / updateTeamSchema. */
export interface TeamFormValues {
  key?: string;
  name?: string;
  categories?: string[];
  senior?: boolean;
  routingStrategy?: TeamView['routingStrategy'];
}

export const userFields = [
  'name',
  'email',
  'role',
  'password',
  'teamIds',
  'skills.categories',
  'skills.languages',
  'capacity',
  'senior',
  'notifyByEmail',
  'remedyLimits.perRemedy',
  'remedyLimits.perDay',
  'active',
] as const;
export const teamFields = ['key', 'name', 'categories', 'senior', 'routingStrategy'] as const;

/** A new account's starting values (the model's defaults). */
export const blankUser: UserFormValues = {
  role: 'agent',
  teamIds: [],
  skills: { categories: [], languages: [] },
  capacity: 5,
  senior: false,
  notifyByEmail: false,
  remedyLimits: { perRemedy: 50, perDay: 200 },
  active: true,
};

export const blankTeam: TeamFormValues = { categories: [], senior: false, routingStrategy: 'skills_load' };

export function userToForm(u: StaffUserView): UserFormValues {
  return {
    name: u.name,
    email: u.email,
    role: u.role,
    password: '',
    teamIds: [...u.teamIds],
    skills: { categories: [...u.skills.categories], languages: u.skills.languages.filter((l): l is 'en' | 'zh' => l === 'en' || l === 'zh') },
    capacity: u.capacity,
    senior: u.senior,
    notifyByEmail: u.notifyByEmail,
    remedyLimits: { ...u.remedyLimits },
    active: u.active,
  };
}

export function teamToForm(t: TeamView): TeamFormValues {
  return { key: t.key, name: t.name, categories: [...t.categories], senior: t.senior, routingStrategy: t.routingStrategy };
}

/** The body for POST /api/admin/users, before createUserSchema checks it (accounts start active). */
export function toCreateUser(v: UserFormValues): Record<string, unknown> {
  return {
    name: v.name ?? '',
    email: (v.email ?? '').trim(),
    role: v.role,
    password: v.password ?? '',
    teamIds: v.teamIds ?? [],
    skills: { categories: v.skills?.categories ?? [], languages: v.skills?.languages ?? [] },
    capacity: v.capacity,
    senior: Boolean(v.senior),
    notifyByEmail: Boolean(v.notifyByEmail),
    remedyLimits: { perRemedy: v.remedyLimits?.perRemedy, perDay: v.remedyLimits?.perDay },
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The body for PATCH /api/admin/users/:id: only what changed. The server signs the user out when
 * the body names a role (even the same one), so unchanged fields are never sent.
 */
export function toUpdateUser(v: UserFormValues, was: StaffUserView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.name !== was.name) out.name = v.name ?? '';
  if (v.role !== was.role) out.role = v.role;
  if (v.password) out.password = v.password;
  if (!sameSet(v.teamIds ?? [], was.teamIds)) out.teamIds = v.teamIds ?? [];
  const categories = v.skills?.categories ?? [];
  const languages = v.skills?.languages ?? [];
  if (!sameSet(categories, was.skills.categories) || !sameSet(languages, was.skills.languages)) out.skills = { categories, languages };
  if (v.capacity !== was.capacity) out.capacity = v.capacity;
  if (Boolean(v.senior) !== was.senior) out.senior = Boolean(v.senior);
  if (Boolean(v.notifyByEmail) !== was.notifyByEmail) out.notifyByEmail = Boolean(v.notifyByEmail);
  if (Boolean(v.active) !== was.active) out.active = Boolean(v.active);
  const limits = { perRemedy: v.remedyLimits?.perRemedy, perDay: v.remedyLimits?.perDay };
  if (limits.perRemedy !== was.remedyLimits.perRemedy || limits.perDay !== was.remedyLimits.perDay) out.remedyLimits = limits;
  return out;
}

/** The body for POST /api/admin/teams, or PATCH without the key (it cannot change). */
export function toTeamInput(v: TeamFormValues, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: v.name ?? '',
    categories: v.categories ?? [],
    senior: Boolean(v.senior),
    routingStrategy: v.routingStrategy ?? 'skills_load',
  };
  if (creating) body.key = v.key ?? '';
  return body;
}

type Issue = { path: readonly PropertyKey[] | string; message: string; code?: string; expected?: unknown };

/** Issues that name no field of the form (a strict-object key, a whole-body problem). */
export function unplaced(issues: readonly Issue[], known: readonly string[]): string[] {
  return issues.filter((i) => !placeOf(i, known)).map((i) => i.message);
}

function placeOf(issue: Issue, known: readonly string[]): string | undefined {
  const path = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.');
  // "skills.categories.3" belongs to the "skills.categories" select; the longest match wins.
  return [...known].sort((a, b) => b.length - a.length).find((k) => path === k || path.startsWith(`${k}.`));
}

/**
 * zod or server issues as antd field errors on the form's fields (English as the schema says it;
 * Chinese from "admin.<form>.errors.<field>"). An empty number box reads "Enter a number".
 */
export function formFieldErrors<T>(issues: readonly Issue[], prefix: string, known: readonly string[]): FieldsFor<T> {
  const placed = issues.flatMap((i) => {
    const path = placeOf(i, known);
    if (!path) return [];
    const empty = i.code === 'invalid_type' && i.expected === 'number';
    return [{ path, message: empty ? i18n.t('admin.form.enterNumber') : i.message }];
  });
  return toFieldErrors<T>(placed, prefix, known);
}
