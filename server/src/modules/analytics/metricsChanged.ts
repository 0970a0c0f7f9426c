import { complaintSupervisorRooms } from '../auth/auth.policy';
import { Team } from '../auth/team.model';
import { services } from '../../platform/context';

/** At most one 'metrics:changed' per second (per process) for any dashboard: each one refetches. */
export const METRICS_CHANGED_MIN_INTERVAL_MS = 1_000;

/**
 * One pace for every team: the teams whose figures moved since the last push are collected and
 * told together, so a supervisor of several teams still hears at most one push a second (a socket
 * in several of the rooms gets one copy of an emit).
 */
const pace = { lastEmit: 0, trailing: null as NodeJS.Timeout | null, teams: new Set<string>(), reason: '' };

function emitNow(): void {
  pace.lastEmit = Date.now();
  // Only the supervisors who may read those teams' complaints (and admins): the read policy decides.
  const rooms = new Set([...pace.teams].flatMap((t) => complaintSupervisorRooms({ teamId: t || null })));
  pace.teams.clear();
  services()
    .realtime.toRooms([...rooms])
    .emit('metrics:changed', { at: services().clock.now().toISOString(), reason: pace.reason });
}

/**
 * Tell the dashboards of the supervisors of `teamId` (null: unrouted) that figures changed.
 * Leading edge emits at once; changes within the next second collapse into one trailing emit, so
 * the last change is never dropped.
 */
export function metricsChanged(reason: string, teamId: string | null): void {
  pace.teams.add(teamId ?? '');
  pace.reason = reason;
  // Wall time here, not the injected clock: this is rate limiting, not business time.
  const wait = pace.lastEmit + METRICS_CHANGED_MIN_INTERVAL_MS - Date.now();
  if (wait <= 0 && !pace.trailing) return emitNow();
  if (pace.trailing) return;
  pace.trailing = setTimeout(
    () => {
      pace.trailing = null;
      emitNow();
    },
    Math.max(wait, 0),
  );
  pace.trailing.unref();
}

/**
 * Figures that are not one team's moved (orders change customers' value, measured retention and
 * the at-risk list across teams): tell every team's supervisors, in the same paced push.
 */
export async function metricsChangedEverywhere(reason: string): Promise<void> {
  const teams = await Team.find({}, { _id: 1 }).lean();
  for (const t of teams) pace.teams.add(String(t._id));
  metricsChanged(reason, null);
}
