/**
 * The orders module's collections, used through the raw driver (documents are small and
 * open-ended: per-currency counters). All writes are inserts with deterministic ids or `$inc`
 * upserts by `_id`, which every engine answers from its primary key.
 *
 * - `order_events`: one document per (order id, kind), `_id = "<orderId>|<kind>"`: the raw events,
 *   written once (a replay hits the unique _id) and never read by the dashboard.
 * - `order_summaries`: one per customer, `_id = email`: counts, value per currency (cents), first and
 *   last placed order, derived lifecycle stage. Updated by `$inc`/`$min`/`$max` for new events only.
 * - `order_timeline`: the customer's placed orders per UTC month, `_id = "<email>|<YYYYMM>"`,
 *   `o: [{ t, a, c }]` (time ms, amount cents, currency): what measured retention reads to know
 *   whether a customer ordered within 30/90/180 days of a complaint, without scanning events.
 */
import mongoose from 'mongoose';
import type { Collection } from 'mongodb';
import type { OrderEventKind } from '@redress/shared';

export interface OrderEventDoc {
  _id: string;
  email: string;
  orderId: string;
  kind: OrderEventKind;
  amount: number;
  /** amount in cents (integer sums are exact). */
  cents: number;
  currency: string;
  at: Date;
  receivedAt: Date;
}

export interface OrderSummaryDoc {
  _id: string;
  placed?: number;
  cancelled?: number;
  refunded?: number;
  /** Net value (placed - refunded - cancelled) in cents, per currency. */
  value?: Record<string, number>;
  /** Placed orders per currency (the main currency is the one with most). */
  count?: Record<string, number>;
  firstAt?: Date | null;
  lastAt?: Date | null;
  stage?: string;
  updatedAt?: Date;
}

export interface TimelineEntry {
  /** Order time, ms since epoch. */
  t: number;
  /** Amount in cents. */
  a: number;
  /** Currency. */
  c: string;
}

export interface OrderTimelineDoc {
  _id: string;
  email: string;
  month: string;
  o: TimelineEntry[];
}

function db() {
  const d = mongoose.connection.db;
  if (!d) throw new Error('database not connected');
  return d;
}

export const orderEvents = (): Collection<OrderEventDoc> => db().collection<OrderEventDoc>('order_events');
export const orderSummaries = (): Collection<OrderSummaryDoc> => db().collection<OrderSummaryDoc>('order_summaries');
export const orderTimeline = (): Collection<OrderTimelineDoc> => db().collection<OrderTimelineDoc>('order_timeline');

/** "YYYYMM" of a time (UTC). */
export function monthKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function timelineId(email: string, ms: number): string {
  return `${email}|${monthKey(ms)}`;
}
