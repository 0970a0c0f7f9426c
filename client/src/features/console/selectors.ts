import type { ComplaintSummaryPayload } from '@redress/shared';
import type { All } from '../../store';
import type { ListKey } from './slice';

/** The rows of one console list, in list order. */
export const selectRows =
  (key: ListKey) =>
  (s: All): ComplaintSummaryPayload[] =>
    s.console.lists[key].ids.map((id) => s.console.byId[id]).filter((c): c is ComplaintSummaryPayload => Boolean(c));

/** Colleagues (not me) currently on a complaint. */
export const selectOtherViewers = (complaintId: string) => (s: All) => (s.console.viewers[complaintId] ?? []).filter((v) => v.userId !== s.auth.me?.user.id);
