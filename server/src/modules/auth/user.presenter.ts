import type { MeResponse } from '@redress/shared';
import type { UserDoc } from './user.model';

/** The fields of a staff account that leave the server (never the hash or session version). */
export function presentUser(u: UserDoc): MeResponse['user'] {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    teamIds: u.teamIds.map(String),
    availability: u.availability,
    capacity: u.capacity,
    openCount: u.openCount,
    locale: u.locale,
    skills: { categories: [...u.skills.categories], languages: [...u.skills.languages] },
  };
}
