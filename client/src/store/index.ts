import { create } from 'zustand';
import { setUnauthorizedHandler } from '../lib/api';
import { createAuthSlice, type AuthSlice } from '../features/auth/slice';
import { createConsoleSlice, initialConsoleState, type ConsoleSlice } from '../features/console/slice';
import { createNotificationsSlice, type NotificationsSlice } from '../features/notifications/slice';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';

/**
 * The whole client state: one store built from per-feature slices. A feature adds its slice type
 * to `All` and its creator to the spread below (one line each).
 */
export type All = AuthSlice & ConsoleSlice & NotificationsSlice & ConnectionSlice;

export const useStore = create<All>()((...a) => ({
  ...createAuthSlice(...a),
  ...createConsoleSlice(...a),
  ...createNotificationsSlice(...a),
  ...createConnectionSlice(...a),
}));

// Another user (or nobody) now: nothing of the previous user's work may stay on screen.
let sessionUserId: string | null = null;
useStore.subscribe((s) => {
  const id = s.auth.me?.user.id ?? null;
  if (id === sessionUserId) return;
  const switched = sessionUserId !== null;
  sessionUserId = id;
  if (switched) useStore.setState({ console: initialConsoleState(), notifications: { items: [], unread: 0 } });
});

setUnauthorizedHandler(() => useStore.setState({ auth: { status: 'anonymous', me: null } }));
