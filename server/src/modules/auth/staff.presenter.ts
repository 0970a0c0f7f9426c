import type { StaffUserView, TeamView } from '@redress/shared';
import type { TeamFields } from './team.model';
import type { UserDoc } from './user.model';
import { presentUser } from './user.presenter';

/** A staff account for the admin screens (never the hash or session version). */
export function presentStaffUser(u: UserDoc): StaffUserView {
  const { locale: _locale, ...base } = presentUser(u);
  return {
    ...base,
    senior: u.senior,
    notifyByEmail: u.notifyByEmail,
    active: u.active,
    remedyLimits: { perRemedy: u.remedyLimits.perRemedy, perDay: u.remedyLimits.perDay },
  };
}

export function presentTeam(t: TeamFields & { _id: unknown }): TeamView {
  return {
    id: String(t._id),
    key: t.key,
    name: t.name,
    categories: [...(t.categories ?? [])],
    senior: Boolean(t.senior),
    routingStrategy: t.routingStrategy === 'round_robin' ? 'round_robin' : 'skills_load',
  };
}
