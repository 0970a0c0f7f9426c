import mongoose, { type AnyBulkWriteOperation, type Types } from 'mongoose';
import {
  customerImportLimits,
  customerImportRowSchema,
  lifetimeValue,
  openStatuses,
  tierFor,
  type CustomerImportRow,
  type CustomerTier,
  type LifecycleStage,
  type RejectedImportRow,
  type TierThresholds,
} from '@redress/shared';
import type { ZodError } from 'zod';
import { Complaint, type ComplaintFields } from '../../complaints/complaint.model';
import { Customer, type CustomerFields } from '../customer.model';
import { loadTierSettings } from '../tierSettings';

/** One row as received; `row` is how the answer names it (rows[] index, or CSV line number). */
export interface RawImportRow {
  row: number;
  data: unknown;
  /** Set when the reader already knows the row is unusable (e.g. a CSV line with too few values). */
  problem?: string;
}

export interface ImportCustomerValuesProps {
  rows: RawImportRow[];
  at: Date;
  /** Customers per bulkWrite. */
  chunkSize?: number;
}

export interface ImportedCustomerValues {
  created: number;
  updated: number;
  /** The first rejected rows (at most customerImportLimits.maxReportedRejections). */
  rejected: RejectedImportRow[];
  rejectedCount: number;
  /** Valid rows written (created + updated, duplicates excluded). */
  applied: number;
  /** Open complaints whose customer snapshot was refreshed. */
  openComplaints: number;
}

interface ValidRow {
  row: number;
  value: CustomerImportRow;
}

interface Snapshot {
  _id: Types.ObjectId;
  email: string;
  tier: CustomerTier;
  lifetimeValue: number;
  lifecycleStage: LifecycleStage;
}

function rowIssues(error: ZodError): RejectedImportRow['errors'] {
  return error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? i.keys : [];
    const path = [...i.path.map(String), ...keys.slice(0, 1)].join('.');
    return { path: path || '(row)', message: i.message };
  });
}

/** Validate every row on its own; a later row with an email seen before is refused, never merged. */
function validate(rows: RawImportRow[]): { valid: ValidRow[]; rejected: RejectedImportRow[] } {
  const valid: ValidRow[] = [];
  const rejected: RejectedImportRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, data, problem } of rows) {
    if (problem) {
      rejected.push({ row, errors: [{ path: '(row)', message: problem }] });
      continue;
    }
    const parsed = customerImportRowSchema.safeParse(data);
    if (!parsed.success) {
      rejected.push({ row, errors: rowIssues(parsed.error) });
      continue;
    }
    const first = firstRowOf.get(parsed.data.email);
    if (first !== undefined) {
      rejected.push({ row, errors: [{ path: 'email', message: `The same email address is already in row ${first}` }] });
      continue;
    }
    firstRowOf.set(parsed.data.email, row);
    valid.push({ row, value: parsed.data });
  }
  return { valid, rejected };
}

function isDuplicateKeyBulkError(err: unknown): err is mongoose.mongo.MongoBulkWriteError {
  if (!(err instanceof mongoose.mongo.MongoBulkWriteError)) return false;
  const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  return list.length > 0 && list.every((e) => e.code === 11000);
}

/**
 * Upsert by email. Two imports (or a first complaint) racing on one new email make one upsert fail
 * on the unique index; that customer exists by then, so the same operation again is an update.
 */
async function upsert(ops: AnyBulkWriteOperation<CustomerFields>[]): Promise<{ created: number; updated: number }> {
  try {
    const r = await Customer.bulkWrite(ops, { ordered: false });
    return { created: r.upsertedCount, updated: r.matchedCount };
  } catch (err) {
    if (!isDuplicateKeyBulkError(err)) throw err;
    const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    const again = await Customer.bulkWrite(
      list.map((e) => ops[e.index]!),
      { ordered: false },
    );
    return { created: err.result.upsertedCount + again.upsertedCount, updated: err.result.matchedCount + again.matchedCount };
  }
}

/** Write one chunk of valid rows and refresh the snapshot on the open complaints of customers whose value changed. */
async function applyChunk(rows: ValidRow[], t: TierThresholds, at: Date) {
  const emails = rows.map((r) => r.value.email);
  const before = await Customer.find({ email: { $in: emails } }, { email: 1, tier: 1, lifetimeValue: 1, lifecycleStage: 1 }).lean<Snapshot[]>();
  const byEmail = new Map(before.map((c) => [c.email, c]));

  const ops: AnyBulkWriteOperation<CustomerFields>[] = [];
  const refresh: AnyBulkWriteOperation<ComplaintFields>[] = [];
  for (const { value: v } of rows) {
    const ltv = lifetimeValue(v);
    const tier = tierFor(ltv, t);
    const set: Record<string, unknown> = {
      averageOrderValue: v.averageOrderValue,
      ordersPerYear: v.ordersPerYear,
      yearsAsCustomer: v.yearsAsCustomer,
      lifetimeValue: ltv,
      tier,
      valueImportedAt: at,
    };
    const setOnInsert: Record<string, unknown> = {};
    if (v.name) set.name = v.name;
    else setOnInsert.name = v.email.split('@')[0];
    if (v.lifecycleStage) set.lifecycleStage = v.lifecycleStage;
    ops.push({ updateOne: { filter: { email: v.email }, update: { $set: set, $setOnInsert: setOnInsert }, upsert: true } });

    const old = byEmail.get(v.email);
    const stage = v.lifecycleStage ?? old?.lifecycleStage ?? 'acquisition';
    if (old && (old.tier !== tier || old.lifetimeValue !== ltv || old.lifecycleStage !== stage)) {
      refresh.push({
        updateMany: {
          filter: { customerId: old._id, status: { $in: [...openStatuses] } },
          update: { $set: { 'customer.tier': tier, 'customer.lifetimeValue': ltv, 'customer.lifecycleStage': stage } },
        },
      });
    }
  }
  const counts = await upsert(ops);
  // Routing and compensation read the snapshot on the complaint: keep open ones current.
  const refreshed = refresh.length ? await Complaint.bulkWrite(refresh, { ordered: false, timestamps: false }) : null;
  return { ...counts, openComplaints: refreshed?.modifiedCount ?? 0 };
}

/**
 * Import the business's customer value figures: validate each row, upsert the valid ones by email
 * with lifetime value and tier computed under the stored thresholds, and report the invalid ones.
 * Running the same import twice leaves the same state (the second run only updates).
 */
export async function customerValueImporter(props: ImportCustomerValuesProps): Promise<ImportedCustomerValues> {
  const chunkSize = props.chunkSize ?? 1000;
  const { valid, rejected } = validate(props.rows);
  const out: ImportedCustomerValues = {
    created: 0,
    updated: 0,
    rejected: rejected.slice(0, customerImportLimits.maxReportedRejections),
    rejectedCount: rejected.length,
    applied: valid.length,
    openComplaints: 0,
  };
  if (valid.length === 0) return out;
  const { thresholds } = await loadTierSettings();
  for (let i = 0; i < valid.length; i += chunkSize) {
    const r = await applyChunk(valid.slice(i, i + chunkSize), thresholds, props.at);
    out.created += r.created;
    out.updated += r.updated;
    out.openComplaints += r.openComplaints;
  }
  return out;
}

/** The rejected rows of an import where nothing was valid, as 400 field messages ("rows.3.email"). */
export function rejectionFields(rejected: RejectedImportRow[], limit = 100): { path: string; message: string }[] {
  return rejected.flatMap((r) => r.errors.map((e) => ({ path: `rows.${r.row}.${e.path}`, message: e.message }))).slice(0, limit);
}
