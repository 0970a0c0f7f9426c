/**
 * Customer value and lifecycle stage from the order summaries (shared/src/orders/lifecycle.ts has
 * the rules). A customer whose value figures were imported keeps them (imports override); the
 * others get average order value, orders per year, years, lifetime value, tier and stage from
 * their orders, and their open complaints' snapshot follows (complaints module's command), so
 * routing re-scores them.
 */
import mongoose, { type AnyBulkWriteOperation, type Types } from 'mongoose';
import type { Collection, Document, AnyBulkWriteOperation as RawBulkOp } from 'mongodb';
import { findByIds } from '../../../platform/db/byIds';
import { lifecycleStageFor, orderValueFor, type CustomerTier, type LifecycleStage, type OrderRhythm } from '@redress/shared';
import { bulkWriteInChunks } from '../../../platform/db/bulk';
import { refreshCustomerSnapshots, type CustomerSnapshot } from '../../complaints/commands/complaintAssignment';
import { Customer, customerIdFor, type CustomerFields } from '../../customers/customer.model';
import { loadTierSettings } from '../../customers/tierSettings';
import { orderSummaries, type OrderSummaryDoc } from '../orders.collections';

/** The summary as the lifecycle rules read it; value in the customer's main currency (most orders). */
export function rhythmOf(s: OrderSummaryDoc): OrderRhythm & { currency: string | null } {
  const counts = Object.entries(s.count ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const currency = counts[0]?.[0] ?? null;
  const placed = s.placed ?? 0;
  return {
    orders: Math.max(0, placed - (s.cancelled ?? 0)),
    placed,
    value: currency ? (s.value?.[currency] ?? 0) / 100 : 0,
    firstAt: s.firstAt ? s.firstAt.getTime() : null,
    lastAt: s.lastAt ? s.lastAt.getTime() : null,
    currency,
  };
}

interface Current {
  _id: Types.ObjectId;
  email: string;
  tier: CustomerTier;
  lifetimeValue: number;
  lifecycleStage: LifecycleStage;
  valueImportedAt: Date | null;
  averageOrderValue: number;
  ordersPerYear: number;
  yearsAsCustomer: number;
  complaintCount?: number;
}

const currentFields = {
  email: 1,
  tier: 1,
  lifetimeValue: 1,
  lifecycleStage: 1,
  valueImportedAt: 1,
  averageOrderValue: 1,
  ordersPerYear: 1,
  yearsAsCustomer: 1,
  complaintCount: 1,
} as const;

/** Recompute the value and stage of these customers (by email) from their stored summaries. */
export async function applyOrderValues(emails: string[], at: Date): Promise<{ changed: number }> {
  if (emails.length === 0) return { changed: 0 };
  return applyOrderValuesOf(await findByIds(orderSummaries(), emails), at);
}

/**
 * Recompute the value and stage of the customers of these summaries (as stored, or as the ingest
 * just made them). Everything is read and written by exact _id: customers by `customerIdFor(email)`;
 * only a customer stored before ids came from emails is looked up by email (its upsert by id
 * meets the unique email).
 */
export async function applyOrderValuesOf(summaries: OrderSummaryDoc[], at: Date): Promise<{ changed: number }> {
  if (summaries.length === 0) return { changed: 0 };
  const [customers, settings] = await Promise.all([
    findByIds(
      Customer.collection as unknown as Collection<Current & Document>,
      summaries.map((s) => customerIdFor(s._id)),
      currentFields,
    ),
    loadTierSettings(),
  ]);
  const first = await applyTo(summaries, customers, at, settings);
  if (first.legacy.length === 0) return { changed: first.changed };
  // Customers stored before ids came from emails (rare): found by email, then as any other.
  const legacy = await Customer.find({ email: { $in: first.legacy.map((s) => s._id) } }, currentFields).lean<Current[]>();
  const again = await applyTo(
    first.legacy.filter((s) => legacy.some((c) => c.email === s._id)),
    legacy,
    at,
    settings,
  );
  return { changed: first.changed + again.changed };
}

async function applyTo(
  summaries: OrderSummaryDoc[],
  customers: Current[],
  at: Date,
  settings: Awaited<ReturnType<typeof loadTierSettings>>,
): Promise<{ changed: number; legacy: OrderSummaryDoc[] }> {
  const byEmail = new Map(customers.map((c) => [c.email, c]));
  const legacy: OrderSummaryDoc[] = [];
  const now = at.getTime();
  const stageOps: RawBulkOp<OrderSummaryDoc>[] = [];
  const customerOps: AnyBulkWriteOperation<CustomerFields>[] = [];
  const refresh: { customerId: Types.ObjectId; snapshot: CustomerSnapshot }[] = [];
  for (const s of summaries) {
    const r = rhythmOf(s);
    const stage = lifecycleStageFor(r, now);
    if (s.stage !== stage) {
      stageOps.push({ updateOne: { filter: { _id: s._id }, update: { $set: { stage } } } });
      s.stage = stage;
    }
    const c = byEmail.get(s._id);
    if (c?.valueImportedAt) continue; // the business's import overrides
    const v = orderValueFor(r, now, settings.thresholds);
    const set = { ...v, lifecycleStage: stage };
    if (!c) {
      customerOps.push({
        updateOne: {
          filter: { _id: customerIdFor(s._id) },
          update: { $set: set, $setOnInsert: { email: s._id, name: s._id.split('@')[0] ?? s._id } },
          upsert: true,
        },
      });
      continue;
    }
    const same =
      c.averageOrderValue === v.averageOrderValue &&
      c.ordersPerYear === v.ordersPerYear &&
      c.yearsAsCustomer === v.yearsAsCustomer &&
      c.lifetimeValue === v.lifetimeValue;
    if (same && c.tier === v.tier && c.lifecycleStage === stage) continue;
    customerOps.push({ updateOne: { filter: { _id: c._id }, update: { $set: set } } });
    // Only customers who ever complained can have an open complaint to refresh (most shop customers
    // never do; looking for them costs a query per customer).
    if ((c.complaintCount ?? 0) > 0 && (c.tier !== v.tier || c.lifetimeValue !== v.lifetimeValue || c.lifecycleStage !== stage)) {
      refresh.push({ customerId: c._id, snapshot: { tier: v.tier, lifetimeValue: v.lifetimeValue, lifecycleStage: stage } });
    }
  }
  await Promise.all([
    bulkWriteInChunks(stageOps, (chunk) => orderSummaries().bulkWrite(chunk, { ordered: false })),
    bulkWriteInChunks(customerOps, (chunk) => Customer.bulkWrite(chunk, { ordered: false })).catch((err: unknown) => {
      // An upsert by id met the unique email: a customer stored under another id (looked up by
      // email next), or one a first complaint created meanwhile (found the same way).
      if (!(err instanceof mongoose.mongo.MongoBulkWriteError)) throw err;
      const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      if (list.length === 0 || list.some((e) => e.code !== 11000)) throw err;
      const failed = new Set(list.map((e) => String((e.getOperation() as { q?: { _id?: unknown } }).q?._id ?? '')));
      legacy.push(...summaries.filter((s) => failed.has(String(customerIdFor(s._id)))));
    }),
  ]);
  const changed = await refreshCustomerSnapshots(refresh);
  return { changed: changed + refresh.length + stageOps.length, legacy };
}
