import type { StateCreator } from 'zustand';
import type { ServerToClientEvents } from '@redress/shared';
import type { All } from '../../store';

/** A notification as the server pushes it (assignment, SLA warning, approval needed, ...). */
export type StaffNotification = Parameters<ServerToClientEvents['notification']>[0] & { key: string };

export interface NotificationsSlice {
  notifications: { items: StaffNotification[]; unread: number };
  markNotificationsRead(): void;
}

const KEEP = 50;
let seq = 0;

/** Updaters applied by the socket layer. */
export const notificationUpdates = {
  received:
    (n: Parameters<ServerToClientEvents['notification']>[0]) =>
    (s: All): Partial<All> => ({
      notifications: { items: [{ ...n, key: `n${++seq}` }, ...s.notifications.items].slice(0, KEEP), unread: s.notifications.unread + 1 },
    }),
};

/** The staff member's recent notifications (shown as toasts and in the bell menu). */
export const createNotificationsSlice: StateCreator<All, [], [], NotificationsSlice> = (set) => ({
  notifications: { items: [], unread: 0 },
  markNotificationsRead() {
    set((s) => ({ notifications: { ...s.notifications, unread: 0 } }));
  },
});
