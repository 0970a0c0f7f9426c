import type { AnyBulkWriteOperation, Types } from 'mongoose';
import { openStatuses, tierFor, type CustomerTier, type TierThresholds } from '@redress/shared';
import { Complaint } from '../../complaints/complaint.model';
import { Customer, type CustomerFields } from '../customer.model';
import { loadTierSettings } from '../tierSettings';

export interface RecomputeTiersProps {
  thresholds: TierThresholds;
  /** Customers per bulkWrite; the cursor reads as many at a time. */
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
    // Guarded on the value read: an import that changed it meanwhile has set the tier itself.
    ops.push({ updateOne: { filter: { _id: c._id, lifetimeValue: c.lifetimeValue }, update: { $set: { tier } } } });
    const ids = byTier.get(tier) ?? [];
    ids.push(c._id);
    byTier.set(tier, ids);
  }
  const written = await Customer.bulkWrite(ops, { ordered: false, timestamps: false });
  let openComplaints = 0;
  for (const [tier, ids] of byTier) {
    const r = await Complaint.updateMany({ customerId: { $in: ids }, status: { $in: openStatuses } }, { $set: { 'customer.tier': tier } });
    openComplaints += r.modifiedCount;
  }
  return { customers: written.modifiedCount, openComplaints };
}

/**
 * Give every customer the tier their lifetime value earns under `thresholds`, and refresh the
 * snapshot on their open complaints. Streams the customers that need a change through a cursor,
 * `batchSize` at a time, so memory stays flat at any number of customers.
 */
export async function tierRecomputer(props: RecomputeTiersProps): Promise<RecomputedTiers> {
  const batchSize = props.batchSize ?? 1000;
  const total: RecomputedTiers = { customers: 0, openComplaints: 0 };
  const cursor = Customer.find(mismatchFilter(props.thresholds), { _id: 1, lifetimeValue: 1 })
    .sort({ _id: 1 })
    .lean<Row[]>()
    .cursor({ batchSize });
  let batch: Row[] = [];
  const flush = async () => {
    const r = await applyBatch(batch, props.thresholds);
    total.customers += r.customers;
    total.openComplaints += r.openComplaints;
    batch = [];
  };
  try {
    for await (const c of cursor) {
      batch.push(c as Row);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length) await flush();
  } finally {
    await cursor.close();
  }
  return total;
}

/**
 * Recompute with the stored thresholds, again if an admin saved newer ones meanwhile, so the
 * last save always wins even when two saves' recomputes overlap.
 */
export async function recomputeWithStoredThresholds(batchSize?: number): Promise<RecomputedTiers> {
  const total: RecomputedTiers = { customers: 0, openComplaints: 0 };
  for (let round = 0; round < 5; round++) {
    const settings = await loadTierSettings();
    const r = await tierRecomputer({ thresholds: settings.thresholds, batchSize });
    total.customers += r.customers;
    total.openComplaints += r.openComplaints;
    if ((await loadTierSettings()).revision === settings.revision) break;
  }
  return total;
}
