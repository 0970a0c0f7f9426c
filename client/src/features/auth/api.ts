import type { LoginInput, MeResponse } from '@redress/shared';
import { api } from '../../lib/api';

/** Staff sign-in endpoints. */
export const authApi = {
  me: () => api<MeResponse>('/api/auth/me'),
  login: (input: LoginInput) => api<MeResponse>('/api/auth/login', { body: input }),
  logout: () => api<void>('/api/auth/logout', { method: 'POST' }),
};
