import { findByIds } from '../../platform/db/byIds';
import { orderTimeline, type TimelineEntry } from './orders.collections';

/** The timeline ids of every UTC month from fromMs's to toMs's. */
function monthIds(email: string, fromMs: number, toMs: number): string[] {
  const ids: string[] = [];
  const from = new Date(fromMs);
  for (let y = from.getUTCFullYear(), m = from.getUTCMonth(); Date.UTC(y, m, 1) <= toMs; m === 11 ? ((m = 0), y++) : m++) {
    ids.push(`${email}|${y}${String(m + 1).padStart(2, '0')}`);
  }
  return ids;
}

/**
 * A customer's placed orders with time in (fromMs, toMs], read from their monthly timeline
 * documents by _id (the months touched, at most 7 for 180 days; never the raw events).
 */
export async function placedOrdersBetween(email: string, fromMs: number, toMs: number): Promise<TimelineEntry[]> {
  if (toMs <= fromMs) return [];
  // Each month by its exact _id: FerretDB/SQLite reads the whole collection for an `$in` (byIds.ts).
  const docs = await findByIds(orderTimeline(), monthIds(email, fromMs, toMs));
  const out: TimelineEntry[] = [];
  for (const d of docs) for (const e of d?.o ?? []) if (e.t > fromMs && e.t <= toMs) out.push(e);
  return out.sort((a, b) => a.t - b.t);
}
