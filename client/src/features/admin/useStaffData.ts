import { useCallback, useEffect, useState } from 'react';
import { availabilities, type ServerToClientEvents, type StaffUserView, type TeamView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { onRealtime } from '../../store/realtime';
import { adminApi } from './api';

type Presence = Parameters<ServerToClientEvents['agent:presence']>[0];
const presenceListeners = new Set<(p: Presence) => void>();

// Admins are in the supervisors room: availability and open counts update live in the table.
onRealtime('agent:presence', (p) => {
  for (const l of presenceListeners) l(p);
});

const isAvailability = (v: string): v is StaffUserView['availability'] => (availabilities as readonly string[]).includes(v);

/** Staff accounts and teams for the admin page, kept in step with saves and presence events. */
export function useStaffData(unexpected: string) {
  const [users, setUsers] = useState<StaffUserView[]>([]);
  const [teams, setTeams] = useState<TeamView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [u, tm] = await Promise.all([adminApi.users(), adminApi.teams()]);
      setUsers(u.items);
      setTeams(tm.items);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : unexpected);
    } finally {
      setLoading(false);
    }
  }, [unexpected]);
  useEffect(() => void load(), [load]);

  useEffect(() => {
    const onPresence = (p: Presence) =>
      setUsers((list) =>
        list.map((u) =>
          u.id === p.userId
            ? { ...u, availability: isAvailability(p.availability) ? p.availability : u.availability, openCount: p.openCount, capacity: p.capacity }
            : u,
        ),
      );
    presenceListeners.add(onPresence);
    return () => void presenceListeners.delete(onPresence);
  }, []);

  /** Put a created or updated account in place (new ones go first, where the admin looks). */
  const putUser = useCallback(
    (user: StaffUserView) => setUsers((list) => (list.some((u) => u.id === user.id) ? list.map((u) => (u.id === user.id ? user : u)) : [user, ...list])),
    [],
  );
  const putTeam = useCallback(
    (team: TeamView) =>
      setTeams((list) =>
        list.some((x) => x.id === team.id) ? list.map((x) => (x.id === team.id ? team : x)) : [...list, team].sort((a, b) => a.name.localeCompare(b.name)),
      ),
    [],
  );

  return { users, teams, loading, error, reload: load, putUser, putTeam };
}
