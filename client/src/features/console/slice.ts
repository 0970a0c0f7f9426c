import type { StateCreator } from 'zustand';
import type { ComplaintChangedPayload, ComplaintStatus, ComplaintSummaryPayload, ViewerPayload } from '@redress/shared';
// The module itself, not the package index: the store is in every page's first download, and the
// index would bring every shared zod schema (and zod) with it.
import { openStatuses } from '@redress/shared/src/complaints/lifecycle';
import { ApiError } from '../../lib/api';
import type { All } from '../../store';
import { consoleApi, type ListParams } from './api';

/** The console's three lists: assigned to me, my teams' open work, everything I can see. */
export const listKeys = ['mine', 'team', 'all'] as const;
export type ListKey = (typeof listKeys)[number];

export interface ConsoleFilters {
  q: string;
  status?: string;
  category?: string;
  channel?: string;
}

export interface ListState {
  ids: string[];
  loading: boolean;
  loaded: boolean;
  error: string | null;
}

export interface ConsoleState {
  byId: Record<string, ComplaintSummaryPayload>;
  lists: Record<ListKey, ListState>;
  tab: ListKey;
  filters: ConsoleFilters;
  /** Complaints pushed since the list was loaded (highlighted until opened). */
  fresh: Record<string, true>;
  selectedId: string | null;
  viewers: Record<string, ViewerPayload[]>;
  /** Bumped when a complaint's timeline changed, so an open view refetches. */
  timelineVersion: Record<string, number>;
}

export interface ConsoleSlice {
  console: ConsoleState;
  setConsoleTab(tab: ListKey): void;
  setConsoleFilters(filters: ConsoleFilters): void;
  loadList(key: ListKey): Promise<void>;
  /** Re-fetch every loaded list and the open complaint (after a reconnect: nothing stale stays). */
  resyncConsole(): Promise<void>;
  /**
   * Apply a pushed complaint in revision order: a push at or below the revision we hold is late or
   * repeated and ignored; one that starts past it means a push was missed, so the console is
   * fetched again instead.
   */
  applyPushed(c: ComplaintChangedPayload, how: 'created' | 'updated'): Promise<void>;
  selectComplaint(id: string | null): void;
}

const emptyList: ListState = { ids: [], loading: false, loaded: false, error: null };

/** A console with nothing loaded (also what a new sign-in starts from). */
export function initialConsoleState(): ConsoleState {
  return {
    byId: {},
    lists: { mine: emptyList, team: emptyList, all: emptyList },
    tab: 'mine',
    filters: { q: '' },
    fresh: {},
    selectedId: null,
    viewers: {},
    timelineVersion: {},
  };
}

function paramsFor(key: ListKey, f: ConsoleFilters): ListParams {
  return {
    scope: key,
    status: f.status ?? (key === 'all' ? undefined : 'open'),
    q: f.q.trim() || undefined,
    category: f.category,
    channel: f.channel,
    limit: 100,
  };
}

/** Whether a pushed complaint belongs in a list, mirroring the server's list filter. */
export function belongsTo(c: ComplaintSummaryPayload, key: ListKey, f: ConsoleFilters, meId: string | undefined, checkQuery: boolean): boolean {
  if (key === 'mine' && c.assigneeId !== meId) return false;
  const status = f.status ?? (key === 'all' ? undefined : 'open');
  if (status === 'open' && !openStatuses.includes(c.status as ComplaintStatus)) return false;
  if (status && status !== 'open' && c.status !== status) return false;
  if (f.category && c.category !== f.category) return false;
  if (f.channel && c.channel !== f.channel) return false;
  if (checkQuery && f.q.trim()) {
    const q = f.q.trim().toLowerCase();
    if (![c.reference, c.subject, c.customerName].some((s) => s.toLowerCase().includes(q))) return false;
  }
  return true;
}

function insertByCreated(ids: string[], c: ComplaintSummaryPayload, byId: Record<string, ComplaintSummaryPayload>): string[] {
  const at = Date.parse(c.createdAt);
  const i = ids.findIndex((id) => Date.parse(byId[id]?.createdAt ?? '') < at);
  return i < 0 ? [...ids, c.id] : [...ids.slice(0, i), c.id, ...ids.slice(i)];
}

/**
 * State updaters for realtime events: module-level so the socket layer applies them with
 * `useStore.setState(...)` without going through components.
 */
export const consoleUpdates = {
  /** A complaint was created or changed: update it and move it in or out of the loaded lists. */
  pushed:
    (c: ComplaintSummaryPayload, how: 'created' | 'updated') =>
    (s: All): Partial<All> => {
      const byId = { ...s.console.byId, [c.id]: c };
      const meId = s.auth.me?.user.id;
      const lists = { ...s.console.lists };
      let isNewToMe = false;
      for (const key of listKeys) {
        const list = lists[key];
        if (!list.loaded) continue;
        const present = list.ids.includes(c.id);
        // The server also matches email and order ref; keep rows we cannot re-check on our side.
        if (present && !belongsTo(c, key, s.console.filters, meId, false)) lists[key] = { ...list, ids: list.ids.filter((id) => id !== c.id) };
        else if (!present && belongsTo(c, key, s.console.filters, meId, true)) {
          lists[key] = { ...list, ids: insertByCreated(list.ids, c, byId) };
          isNewToMe = true;
        }
      }
      const fresh = isNewToMe && (how === 'created' || c.assigneeId === meId) ? { ...s.console.fresh, [c.id]: true as const } : s.console.fresh;
      return { console: { ...s.console, byId, lists, fresh } };
    },
  removed:
    (id: string) =>
    (s: All): Partial<All> => {
      const lists = { ...s.console.lists };
      for (const key of listKeys) lists[key] = { ...lists[key], ids: lists[key].ids.filter((x) => x !== id) };
      return { console: { ...s.console, lists, selectedId: s.console.selectedId === id ? null : s.console.selectedId } };
    },
  viewers:
    (complaintId: string, viewers: ViewerPayload[]) =>
    (s: All): Partial<All> => ({ console: { ...s.console, viewers: { ...s.console.viewers, [complaintId]: viewers } } }),
  timelineChanged:
    (complaintId: string) =>
    (s: All): Partial<All> => ({
      console: { ...s.console, timelineVersion: { ...s.console.timelineVersion, [complaintId]: (s.console.timelineVersion[complaintId] ?? 0) + 1 } },
    }),
};

/** The agent console: lists, filters, the open complaint and who else is looking at it. */
export const createConsoleSlice: StateCreator<All, [], [], ConsoleSlice> = (set, get) => {
  const patch = (fn: (c: ConsoleState) => Partial<ConsoleState>) => set((s) => ({ console: { ...s.console, ...fn(s.console) } }));
  const patchList = (key: ListKey, l: Partial<ListState>) => patch((c) => ({ lists: { ...c.lists, [key]: { ...c.lists[key], ...l } } }));
  // Only the newest request per list may write its result (typing in search fires several).
  const latest: Record<ListKey, number> = { mine: 0, team: 0, all: 0 };

  return {
    console: initialConsoleState(),
    setConsoleTab(tab) {
      patch(() => ({ tab }));
      if (!get().console.lists[tab].loaded) void get().loadList(tab);
    },
    setConsoleFilters(filters) {
      patch((c) => ({
        filters,
        // Lists loaded under the old filters are stale; the visible one reloads now, others on demand.
        lists: { mine: { ...c.lists.mine, loaded: false }, team: { ...c.lists.team, loaded: false }, all: { ...c.lists.all, loaded: false } },
      }));
      void get().loadList(get().console.tab);
    },
    async loadList(key) {
      const ticket = ++latest[key];
      patchList(key, { loading: true, error: null });
      try {
        const { items } = await consoleApi.list(paramsFor(key, get().console.filters));
        if (ticket !== latest[key]) return;
        patch((c) => ({
          byId: { ...c.byId, ...Object.fromEntries(items.map((i) => [i.id, i])) },
          lists: { ...c.lists, [key]: { ids: items.map((i) => i.id), loading: false, loaded: true, error: null } },
        }));
      } catch (err) {
        if (ticket !== latest[key]) return;
        patchList(key, { loading: false, error: err instanceof ApiError ? err.message : String(err) });
      }
    },
    async applyPushed(c, how) {
      const known = get().console.byId[c.id];
      if (known && known.rev >= c.rev) return;
      // A missed push: the lists (and the open complaint) are fetched again, as after a reconnect.
      if (known && known.rev < c.sinceRev) return get().resyncConsole();
      set(consoleUpdates.pushed(c, how));
    },
    async resyncConsole() {
      const { lists, selectedId } = get().console;
      const loaded = listKeys.filter((k) => lists[k].loaded || k === get().console.tab);
      if (selectedId) set(consoleUpdates.timelineChanged(selectedId));
      await Promise.all(loaded.map((k) => get().loadList(k)));
    },
    selectComplaint(id) {
      patch((c) => {
        if (!id || !c.fresh[id]) return { selectedId: id };
        const fresh = { ...c.fresh };
        delete fresh[id];
        return { selectedId: id, fresh };
      });
    },
  };
};
