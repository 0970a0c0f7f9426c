import type {
  FeedStatusView,
  StoreStatusView,
  CreateTeamInput,
  CreateUserInput,
  StaffUserView,
  TeamView,
  UpdateTeamInput,
  UpdateUserInput,
} from '@redress/shared';
import { api } from '../../lib/api';

const enc = encodeURIComponent;

/** The admin endpoints for staff accounts and teams (server/src/modules/auth/staff.router.ts). */
export const adminApi = {
  users: () => api<{ items: StaffUserView[] }>('/api/admin/users'),
  createUser: (input: CreateUserInput) => api<{ user: StaffUserView }>('/api/admin/users', { method: 'POST', body: input }),
  updateUser: (id: string, input: UpdateUserInput) => api<{ user: StaffUserView }>(`/api/admin/users/${enc(id)}`, { method: 'PATCH', body: input }),
  teams: () => api<{ items: TeamView[] }>('/api/admin/teams'),
  createTeam: (input: CreateTeamInput) => api<{ team: TeamView }>('/api/admin/teams', { method: 'POST', body: input }),
  updateTeam: (id: string, input: UpdateTeamInput) => api<{ team: TeamView }>(`/api/admin/teams/${enc(id)}`, { method: 'PATCH', body: input }),
  feed: () => api<FeedStatusView>('/api/admin/feed'),
  store: () => api<StoreStatusView>('/api/admin/feed/store'),
  replayFeed: (complaintId: string, subscriber: string) =>
    api<{ replayed: number }>('/api/admin/feed/replay', { method: 'POST', body: { complaintId, subscriber } }),
};
