/** What part of the figures a user may see: the read policy's teams (auth.policy.ts analyticsTeams). */
import { errors } from '../../platform/errors';
import { analyticsTeams, NO_TEAM } from '../auth/auth.policy';
import type { UserDoc } from '../auth/user.model';
import type { RollupFilters } from './rollupReader';

/**
 * The team filter of a dashboard request within the user's scope: an admin's as asked; a team
 * supervisor's the one of theirs they asked for, or else their teams and the unrouted complaints
 * (NO_TEAM), as the read policy allows; another team answers 404, as that team's complaints do.
 */
export function scopedTeams(user: UserDoc, team: string | undefined): Pick<RollupFilters, 'team' | 'teams'> {
  const allowed = analyticsTeams(user);
  if (allowed === null) return { team };
  if (team) {
    if (!allowed.includes(team)) throw errors.notFound('Team');
    return { team };
  }
  return allowed.length === 1 && allowed[0] !== NO_TEAM ? { team: allowed[0] } : { teams: allowed };
}
