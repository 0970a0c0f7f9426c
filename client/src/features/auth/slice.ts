import type { StateCreator } from 'zustand';
import type { LoginInput, MeResponse } from '@redress/shared';
import { ApiError, setCsrfToken } from '../../lib/api';
import type { All } from '../../store';
import { authApi } from './api';

export type AuthStatus = 'unknown' | 'anonymous' | 'signedIn';

export interface AuthSlice {
  auth: { status: AuthStatus; me: MeResponse | null };
  /** Ask the server who is signed in (once at start; 401 means anonymous). */
  loadMe(): Promise<void>;
  signIn(input: LoginInput): Promise<MeResponse>;
  signOut(): Promise<void>;
}

/** Who is signed in, with the abilities the server computed for them. */
export const createAuthSlice: StateCreator<All, [], [], AuthSlice> = (set, get) => ({
  auth: { status: 'unknown', me: null },
  async loadMe() {
    try {
      const me = await authApi.me();
      setCsrfToken(me.csrfToken);
      set({ auth: { status: 'signedIn', me } });
    } catch (err) {
      // A signed-in user stays signed in through a network blip; only the server's "no" ends it.
      const refused = err instanceof ApiError && err.status === 401;
      if (refused || get().auth.status === 'unknown') set({ auth: { status: 'anonymous', me: null } });
    }
  },
  async signIn(input) {
    const me = await authApi.login(input);
    setCsrfToken(me.csrfToken);
    set({ auth: { status: 'signedIn', me } });
    return me;
  },
  async signOut() {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken('');
      set({ auth: { status: 'anonymous', me: null } });
    }
  },
});
