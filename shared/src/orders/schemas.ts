import { z } from 'zod';

/**
 * The shop's order events (POST /api/orders/events, and the CSV import of order history in the
 * admin Customers page). Shared by the import form (client) and the orders module (server).
 */

/** What happened to an order: placed, refunded (money back, the order stays), cancelled (the order is void). */
export const orderEventKinds = ['placed', 'refunded', 'cancelled'] as const;
export type OrderEventKind = (typeof orderEventKinds)[number];

/** Request limits of the order endpoints. */
export const orderIngestLimits = {
  /** Rows per POST /api/orders/events (more: 413). */
  maxBatchRows: 1000,
  /** Rows per CSV import (processed in batches of maxBatchRows). */
  maxCsvRows: 100_000,
  /** Bytes of one CSV import. */
  maxCsvBytes: 16 * 1024 * 1024,
  /** At most this many rejected rows are listed in an answer (rejectedCount has them all). */
  maxReportedRejections: 200,
  /** An event may be dated at most this far in the future (clock skew between shop and desk). */
  maxFutureMs: 24 * 3600_000,
} as const;

/** One order event as the shop sends it. */
export const orderEventRowSchema = z.strictObject({
  email: z
    .string({ error: 'Give the customer’s email address' })
    .trim()
    .pipe(z.email('Enter a valid email address').max(254, 'The email address is too long'))
    .transform((e) => e.toLowerCase()),
  orderId: z
    .string({ error: 'Give the shop’s order id' })
    .trim()
    .min(1, 'The order id is empty')
    .max(100, 'At most 100 characters')
    .refine((s) => !s.includes('|'), 'The order id may not contain "|"'),
  kind: z.enum(orderEventKinds, { error: `kind must be one of ${orderEventKinds.join(', ')}` }),
  amount: z
    .number({ error: (i) => (i.input === undefined ? 'amount is required' : 'amount must be a number') })
    .nonnegative('amount cannot be negative')
    .max(1_000_000_000, 'amount is too large'),
  currency: z
    .string({ error: 'currency is required' })
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, 'currency must be a 3-letter ISO code such as EUR')),
  at: z.iso.datetime({ offset: true, error: 'at must be an ISO 8601 time such as 2026-11-30T10:00:00Z' }),
});
export type OrderEventRow = z.infer<typeof orderEventRowSchema>;

/** POST /api/orders/events body (the row count is checked before the rows, answering 413). */
export const orderEventsBodySchema = z.strictObject({
  events: z.array(z.unknown(), { error: 'events must be a list of order events' }).min(1, 'Send at least one event'),
});

/** A refused row: its index in `events` (or CSV line number) and why. */
export interface RejectedOrderRow {
  row: number;
  errors: { path: string; message: string }[];
}

/** The answer of an ingest: what was new, what was already known (a replay), what was refused. */
export interface OrderIngestResult {
  received: number;
  /** Events stored now. */
  inserted: number;
  /** Events with an (orderId, kind) stored before: ignored, so a replayed batch changes nothing. */
  duplicates: number;
  rejectedCount: number;
  rejected: RejectedOrderRow[];
  /** Customers whose order summary changed. */
  customers: number;
}

/** Columns of the order history CSV (header line first, any order). */
export const orderCsvColumns = ['email', 'orderId', 'kind', 'amount', 'currency', 'at'] as const;
