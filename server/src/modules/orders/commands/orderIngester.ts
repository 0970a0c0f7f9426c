/**
 * Ingest the shop's order events: validate each row, store the new ones (idempotent per order id
 * and kind), and fold only the newly stored ones into the per-customer rollups (summary, monthly
 * timeline), then customer value, lifecycle stage and measured retention follow.
 *
 * Idempotency: the event's `_id` is "<orderId>|<kind>"; insertMany(ordered: false) stores the new
 * ones and the duplicate-key errors name the rest, which change nothing. A replayed batch is a no-op.
 *
 * Crash window: a process killed after the insert and before the summary increments leaves those
 * events stored but not counted (a replay sees them as duplicates). `npm run rollups:rebuild`
 * recomputes summaries and timelines from the raw events (orders/rebuild.ts), then retention.
 */
import mongoose from 'mongoose';
import type { AnyBulkWriteOperation } from 'mongodb';
import { lifecycleStageFor, orderEventRowSchema, orderIngestLimits, type OrderEventRow, type OrderIngestResult, type RejectedOrderRow } from '@redress/shared';
import { bulkWriteInChunks } from '../../../platform/db/bulk';
import { findByIds } from '../../../platform/db/byIds';
import { syncRetentionAfterOrders } from '../../analytics/retentionRecorder';
import { metricsChangedEverywhere } from '../../analytics/metricsChanged';
import {
  orderEvents,
  orderSummaries,
  orderTimeline,
  timelineId,
  type OrderEventDoc,
  type OrderSummaryDoc,
  type OrderTimelineDoc,
  type TimelineEntry,
} from '../orders.collections';
import { applyOrderValuesOf, rhythmOf } from './customerOrderValue';

/** One row as received; `row` is how the answer names it (events[] index, or CSV line number). */
export interface RawOrderRow {
  row: number;
  data: unknown;
  problem?: string;
}

export interface IngestOrdersProps {
  rows: RawOrderRow[];
  at: Date;
  /**
   * Sync the retention records the new orders touch (default). A bulk load that rebuilds retention
   * afterwards (the demo seed) skips it: per batch it costs several queries per customer.
   */
  syncRetention?: boolean;
}

function validate(rows: RawOrderRow[], now: Date): { valid: { row: number; value: OrderEventRow }[]; rejected: RejectedOrderRow[] } {
  const valid: { row: number; value: OrderEventRow }[] = [];
  const rejected: RejectedOrderRow[] = [];
  for (const { row, data, problem } of rows) {
    if (problem) {
      rejected.push({ row, errors: [{ path: '(row)', message: problem }] });
      continue;
    }
    const parsed = orderEventRowSchema.safeParse(data);
    if (!parsed.success) {
      rejected.push({
        row,
        errors: parsed.error.issues.map((i) => {
          const keys = i.code === 'unrecognized_keys' ? i.keys : [];
          return { path: [...i.path.map(String), ...keys.slice(0, 1)].join('.') || '(row)', message: i.message };
        }),
      });
      continue;
    }
    if (Date.parse(parsed.data.at) > now.getTime() + orderIngestLimits.maxFutureMs) {
      rejected.push({ row, errors: [{ path: 'at', message: 'at lies in the future' }] });
      continue;
    }
    valid.push({ row, value: parsed.data });
  }
  return { valid, rejected };
}

/** Indexes of the documents insertMany refused as duplicates; any other error is thrown. */
function duplicateIndexes(err: unknown): Set<number> {
  if (!(err instanceof mongoose.mongo.MongoBulkWriteError)) throw err;
  const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  if (list.length === 0 || list.some((e) => e.code !== 11000)) throw err;
  return new Set(list.map((e) => e.index));
}

/** Store the events; answer those that are new. */
async function insertNew(docs: OrderEventDoc[]): Promise<OrderEventDoc[]> {
  if (docs.length === 0) return [];
  try {
    await orderEvents().insertMany(docs, { ordered: false });
    return docs;
  } catch (err) {
    const dup = duplicateIndexes(err);
    return docs.filter((_, i) => !dup.has(i));
  }
}

/** One customer's increments: counts and value (`$inc` paths), first and last placed order (ms). */
export interface SummaryIncrements {
  inc: Record<string, number>;
  min: number | null;
  max: number | null;
}

/** The increments of new events, per customer and per timeline month. */
export function foldNew(events: OrderEventDoc[]) {
  const summaries = new Map<string, SummaryIncrements>();
  const months = new Map<string, { email: string; month: string; entries: TimelineEntry[] }>();
  const placedTimes = new Map<string, number[]>();
  for (const e of events) {
    const s = summaries.get(e.email) ?? { inc: {}, min: null, max: null };
    const add = (k: string, n: number) => (s.inc[k] = (s.inc[k] ?? 0) + n);
    const t = e.at.getTime();
    add(e.kind, 1);
    if (e.kind === 'placed') {
      add(`value.${e.currency}`, e.cents);
      add(`count.${e.currency}`, 1);
      s.min = s.min === null ? t : Math.min(s.min, t);
      s.max = s.max === null ? t : Math.max(s.max, t);
      const id = timelineId(e.email, t);
      const m = months.get(id) ?? { email: e.email, month: id.slice(id.lastIndexOf('|') + 1), entries: [] };
      m.entries.push({ t, a: e.cents, c: e.currency });
      months.set(id, m);
      placedTimes.set(e.email, [...(placedTimes.get(e.email) ?? []), t]);
    } else {
      add(`value.${e.currency}`, -e.cents);
    }
    summaries.set(e.email, s);
  }
  return { summaries, months, placedTimes };
}

/** The summary as it is once `s` is added (in memory; what the `$inc`/`$min`/`$max` below store). */
function withIncrements(email: string, old: OrderSummaryDoc | undefined, s: SummaryIncrements): OrderSummaryDoc {
  const next: OrderSummaryDoc = { ...old, _id: email, value: { ...old?.value }, count: { ...old?.count } };
  for (const [k, n] of Object.entries(s.inc)) {
    const [head, cur] = k.split('.') as [string, string | undefined];
    if (cur && (head === 'value' || head === 'count')) next[head]![cur] = (next[head]![cur] ?? 0) + n;
    else if (head === 'placed' || head === 'cancelled' || head === 'refunded') next[head] = (next[head] ?? 0) + n;
  }
  if (s.min !== null) next.firstAt = new Date(Math.min(s.min, old?.firstAt?.getTime() ?? Infinity));
  if (s.max !== null) next.lastAt = new Date(Math.max(s.max, old?.lastAt?.getTime() ?? -Infinity));
  return next;
}

type Folded = ReturnType<typeof foldNew>;

/**
 * Apply the batch's increments: per customer one summary update (`$inc` counts and value,
 * `$min`/`$max` first and last order, and the lifecycle stage the new totals give), per customer
 * month one timeline `$push`, each addressed by its exact `_id`. The summaries are read first (by
 * `_id`) to derive the stage; a concurrent batch for the same customer may leave a stage one batch
 * behind, which its next ingest or the hourly lifecycle sweep puts right (the counts are `$inc`s
 * and never lost). Answers the summaries as they now stand.
 */
async function applyIncrements(f: Folded, at: Date): Promise<OrderSummaryDoc[]> {
  const before = new Map((await findByIds(orderSummaries(), [...f.summaries.keys()])).map((d) => [d._id, d]));
  const now = at.getTime();
  const after: OrderSummaryDoc[] = [];
  const summaryOps = [...f.summaries].map(([email, s]): AnyBulkWriteOperation<OrderSummaryDoc> => {
    const next = withIncrements(email, before.get(email), s);
    next.stage = lifecycleStageFor(rhythmOf(next), now);
    next.updatedAt = at;
    after.push(next);
    const update: Record<string, unknown> = { $inc: s.inc, $set: { updatedAt: at, stage: next.stage } };
    if (s.min !== null) update.$min = { firstAt: new Date(s.min) };
    if (s.max !== null) update.$max = { lastAt: new Date(s.max) };
    return { updateOne: { filter: { _id: email }, update, upsert: true } };
  });
  const timelineOps = [...f.months].map(([id, m]): AnyBulkWriteOperation<OrderTimelineDoc> => ({
    updateOne: { filter: { _id: id }, update: { $push: { o: { $each: m.entries } }, $setOnInsert: { email: m.email, month: m.month } }, upsert: true },
  }));
  await Promise.all([
    bulkWriteInChunks(summaryOps, (chunk) => orderSummaries().bulkWrite(chunk, { ordered: false })),
    bulkWriteInChunks(timelineOps, (chunk) => orderTimeline().bulkWrite(chunk, { ordered: false })),
  ]);
  return after;
}

/** Ingest order events (at most orderIngestLimits.maxBatchRows per call; the CSV import calls it per batch). */
export async function orderIngester(props: IngestOrdersProps): Promise<OrderIngestResult> {
  const { valid, rejected } = validate(props.rows, props.at);
  const docs = valid.map(({ value: v }): OrderEventDoc => {
    const cents = Math.round(v.amount * 100);
    return {
      _id: `${v.orderId}|${v.kind}`,
      email: v.email,
      orderId: v.orderId,
      kind: v.kind,
      amount: cents / 100,
      cents,
      currency: v.currency,
      at: new Date(v.at),
      receivedAt: props.at,
    };
  });
  // The same (order id, kind) twice in one batch: the first one counts, like a replay.
  const seen = new Set<string>();
  const unique = docs.filter((d) => !seen.has(d._id) && seen.add(d._id));
  const fresh = await insertNew(unique);
  const folded = foldNew(fresh);
  const summaries = await applyIncrements(folded, props.at);
  const customers = await applyOrderValuesOf(summaries, props.at);
  const retention = props.syncRetention === false ? 0 : await syncRetentionAfterOrders(folded.placedTimes);
  // Dashboards refetch: measured retention, the at-risk list and customer value may all have moved.
  if (fresh.length > 0 && (customers.changed > 0 || retention > 0 || folded.summaries.size > 0)) await metricsChangedEverywhere('orders');
  return {
    received: props.rows.length,
    inserted: fresh.length,
    duplicates: valid.length - fresh.length,
    rejectedCount: rejected.length,
    rejected: rejected.slice(0, orderIngestLimits.maxReportedRejections),
    customers: folded.summaries.size,
  };
}
