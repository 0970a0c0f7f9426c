import { complaintSupervisorRooms } from '../auth/auth.policy';
import { Team } from '../auth/team.model';
import { services } from '../../platform/context';

/** At most one 'metrics:changed' per second per team (and process): dashboards refetch on each. */
export const METRICS_CHANGED_MIN_INTERVAL_MS = 1_000;

interface Pace {
  lastEmit: number;
  trailing: NodeJS.Timeout | null;
  pendingReason: string;
}

/** Per team id ('' for unrouted complaints). */
const paces = new Map<string, Pace>();

function emitNow(teamId: string, pace: Pace, reason: string): void {
  pace.lastEmit = Date.now();
  // Only the supervisors who may read that team's complaints (and admins): the read policy decides.
  services()
    .realtime.toRooms(complaintSupervisorRooms({ teamId: teamId || null }))
    .emit('metrics:changed', {
      at: services().clock.now().toISOString(),
      reason,
    });
}

/**
 * Tell the dashboards of the supervisors of `teamId` (null: unrouted) that figures changed.
 * Leading edge emits at once; changes within the next second collapse into one trailing emit, so
 * the last change is never dropped.
 */
export function metricsChanged(reason: string, teamId: string | null): void {
  const key = teamId ?? '';
  let pace = paces.get(key);
  if (!pace) paces.set(key, (pace = { lastEmit: 0, trailing: null, pendingReason: '' }));
  const p = pace;
  // Wall time here, not the injected clock: this is rate limiting, not business time.
  const wait = p.lastEmit + METRICS_CHANGED_MIN_INTERVAL_MS - Date.now();
  if (wait <= 0 && !p.trailing) return emitNow(key, p, reason);
  p.pendingReason = reason;
  if (p.trailing) return;
  p.trailing = setTimeout(
    () => {
      p.trailing = null;
      emitNow(key, p, p.pendingReason);
    },
    Math.max(wait, 0),
  );
  p.trailing.unref();
}

/**
 * Figures that are not one team's moved (orders change customers' value, measured retention and
 * the at-risk list across teams): tell every team's supervisors, each paced as above.
 */
export async function metricsChangedEverywhere(reason: string): Promise<void> {
  const teams = await Team.find({}, { _id: 1 }).lean();
  metricsChanged(reason, null);
  for (const t of teams) metricsChanged(reason, String(t._id));
}
