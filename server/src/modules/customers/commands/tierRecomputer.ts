import type { AnyBulkWriteOperation, Types } from 'mongoose';
import { tierFor, type CustomerTier, type TierThresholds } from '@redress/shared';
import { refreshCustomerSnapshots } from '../../complaints/commands/complaintAssignment';
import { bulkWriteInChunks } from '../../../platform/db/bulk';
import { Customer, type CustomerFields } from '../customer.model';
import { loadTierSettings } from '../tierSettings';

export interface RecomputeTiersProps {
  thresholds: TierThresholds;
  /** Customers per query and per bulkWrite. */
  batchSize?: number;
}

export interface RecomputedTiers {
  customers: number;
  openComplaints: number;
}

/**
 * Customers whose stored tier disagrees with `t`, and who have imported value figures (a customer
 * nobody imported has a default tier and lifetime value 0; they must not all turn BZ).
 */
function mismatchFilter(t: TierThresholds): Record<string, unknown> {
  return {
    valueImportedAt: { $ne: null },
    $or: [
      { lifetimeValue: { $gte: t.mvcMinLifetimeValue }, tier: { $ne: 'MVC' } },
      { lifetimeValue: { $gte: t.stcMinLifetimeValue, $lt: t.mvcMinLifetimeValue }, tier: { $ne: 'STC' } },
      { lifetimeValue: { $lt: t.bzMaxLifetimeValue }, tier: { $ne: 'BZ' } },
      { lifetimeValue: { $gte: t.bzMaxLifetimeValue, $lt: t.stcMinLifetimeValue }, tier: { $ne: 'standard' } },
    ],
  };
}

type Row = { _id: Types.ObjectId; lifetimeValue: number };

/** Write one batch: the customers' tiers, then the snapshot on their open complaints (one updateMany per tier). */
async function applyBatch(batch: Row[], t: TierThresholds): Promise<RecomputedTiers> {
  const ops: AnyBulkWriteOperation<CustomerFields>[] = [];
  const byTier = new Map<CustomerTier, Types.ObjectId[]>();
  for (const c of batch) {
    const tier = tierFor(c.lifetimeValue, t);
    // By _id alone (a compound filter costs a collection scan per update on FerretDB). An import
    // that changed the value meanwhile is put right by the verification pass (see below).
    ops.push({ updateOne: { filter: { _id: c._id }, update: { $set: { tier } } } });
    const ids = byTier.get(tier) ?? [];
    ids.push(c._id);
    byTier.set(tier, ids);
  }
  const written = await bulkWriteInChunks(ops, (chunk) => Customer.bulkWrite(chunk, { ordered: false, timestamps: false }));
  const openComplaints = await refreshCustomerSnapshots([...byTier].flatMap(([tier, ids]) => ids.map((customerId) => ({ customerId, snapshot: { tier } }))));
  return { customers: written.modifiedCount, openComplaints };
}

/**
 * Give every customer the tier their lifetime value earns under `thresholds`, and refresh the
 * snapshot on their open complaints. Walks the customers that need a change in _id order,
 * `batchSize` at a time, so memory stays flat at any number of customers. Each batch is its own
 * query resuming after the last _id (a keyset cursor) rather than one server cursor held open
 * while we write: FerretDB's SQLite backend can stall writes behind an open cursor on the table.
 */
export async function tierRecomputer(props: RecomputeTiersProps): Promise<RecomputedTiers> {
  const batchSize = props.batchSize ?? 1000;
  const total: RecomputedTiers = { customers: 0, openComplaints: 0 };
  const mismatched = mismatchFilter(props.thresholds);
  let after: Types.ObjectId | null = null;
  for (;;) {
    const filter: Record<string, unknown> = after ? { $and: [mismatched, { _id: { $gt: after } }] } : mismatched;
    const batch = await Customer.find(filter, { _id: 1, lifetimeValue: 1 }).sort({ _id: 1 }).limit(batchSize).lean<Row[]>();
    if (batch.length === 0) break;
    const r = await applyBatch(batch, props.thresholds);
    total.customers += r.customers;
    total.openComplaints += r.openComplaints;
    if (batch.length < batchSize) break;
    after = batch[batch.length - 1]!._id;
  }
  return total;
}

/**
 * Recompute with the stored thresholds until a pass finds nothing to change: the pass after a
 * changing one verifies it (and puts right a tier written from a value an import replaced
 * meanwhile), and newer thresholds saved by another admin meanwhile are picked up, so the last
 * save wins even when two saves' recomputes overlap.
 */
export async function recomputeWithStoredThresholds(batchSize?: number): Promise<RecomputedTiers> {
  const total: RecomputedTiers = { customers: 0, openComplaints: 0 };
  for (let round = 0; round < 5; round++) {
    const settings = await loadTierSettings();
    const r = await tierRecomputer({ thresholds: settings.thresholds, batchSize });
    total.customers += r.customers;
    total.openComplaints += r.openComplaints;
    if (r.customers === 0 && (await loadTierSettings()).revision === settings.revision) break;
  }
  return total;
}
