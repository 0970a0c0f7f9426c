import type { StaffUserView, TeamView } from '@redress/shared';
import type { TeamFields } from './team.model';
import type { UserDoc } from './user.model';

/** A staff account for the admin screens (never the hash or session version). */
export function presentStaffUser(u: UserDoc): StaffUserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    teamIds: u.teamIds.map(String),
    skills: { categories: [...u.skills.categories], languages: [...u.skills.languages] },
    capacity: u.capacity,
    openCount: u.openCount,
    availability: u.availability,
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
    categories: [...t.categories],
    senior: t.senior,
    routingStrategy: t.routingStrategy === 'round_robin' ? 'round_robin' : 'skills_load',
  };
}
