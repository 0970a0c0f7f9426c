import mongoose, { type AnyBulkWriteOperation, type Types } from 'mongoose';
import {
  customerImportLimits,
  customerImportRowSchema,
  lifetimeValue,
  tierFor,
  type CustomerImportRow,
  type CustomerTier,
  type LifecycleStage,
  type RejectedImportRow,
  type TierThresholds,
} from '@redress/shared';
import type { ZodError } from 'zod';
import { refreshCustomerSnapshots, type CustomerSnapshot } from '../../complaints/commands/complaintAssignment';
import { bulkWriteInChunks } from '../../../platform/db/bulk';
import { serially } from '../../../platform/db/serially';
import { Customer, customerIdFor, type CustomerFields } from '../customer.model';
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

/** The ops of a bulk write that failed on the unique email index (another writer created that customer first). */
function duplicateKeyIndexes(err: unknown): number[] | null {
  if (!(err instanceof mongoose.mongo.MongoBulkWriteError)) return null;
  const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  return list.length > 0 && list.every((e) => e.code === 11000) ? list.map((e) => e.index) : null;
}

/** The fields one row sets on a customer. */
function updateOf(v: CustomerImportRow, ltv: number, tier: CustomerTier, at: Date) {
  const set: Record<string, unknown> = {
    averageOrderValue: v.averageOrderValue,
    ordersPerYear: v.ordersPerYear,
    yearsAsCustomer: v.yearsAsCustomer,
    lifetimeValue: ltv,
    tier,
    valueImportedAt: at,
  };
  if (v.name) set.name = v.name;
  if (v.lifecycleStage) set.lifecycleStage = v.lifecycleStage;
  return set;
}

/**
 * Insert the new customers in one insertMany (far cheaper than upserts). A first complaint or a
 * parallel import may create one of them meanwhile: those inserts fail on the unique email index
 * and are applied as updates by email instead.
 */
async function insertNew(rows: ValidRow[], t: TierThresholds, at: Date): Promise<{ created: number; updated: number }> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const docs = rows.map(({ value: v }) => {
    const ltv = lifetimeValue(v);
    // Through the model, so defaults and casting are the schema's.
    return new Customer({
      _id: customerIdFor(v.email),
      email: v.email,
      name: v.name ?? v.email.split('@')[0],
      ...updateOf(v, ltv, tierFor(ltv, t), at),
      createdAt: at,
      updatedAt: at,
    }).toObject();
  });
  try {
    const r = await Customer.collection.insertMany(docs, { ordered: false });
    return { created: r.insertedCount, updated: 0 };
  } catch (err) {
    const failed = duplicateKeyIndexes(err);
    if (!failed) throw err;
    const inserted = rows.length - failed.length;
    const again = await bulkWriteInChunks(
      failed.map((i): AnyBulkWriteOperation<CustomerFields> => {
        const v = rows[i]!.value;
        const ltv = lifetimeValue(v);
        return { updateOne: { filter: { email: v.email }, update: { $set: updateOf(v, ltv, tierFor(ltv, t), at) } } };
      }),
      (chunk) => Customer.bulkWrite(chunk, { ordered: false }),
    );
    return { created: inserted, updated: again.matchedCount };
  }
}

/** Write one chunk of valid rows and refresh the snapshot on the open complaints of customers whose value changed. */
async function applyChunk(rows: ValidRow[], t: TierThresholds, at: Date) {
  const emails = rows.map((r) => r.value.email);
  const before = await Customer.find({ email: { $in: emails } }, { email: 1, tier: 1, lifetimeValue: 1, lifecycleStage: 1 }).lean<Snapshot[]>();
  const byEmail = new Map(before.map((c) => [c.email, c]));

  const fresh: ValidRow[] = [];
  const updates: AnyBulkWriteOperation<CustomerFields>[] = [];
  const refresh: { customerId: Types.ObjectId; snapshot: CustomerSnapshot }[] = [];
  for (const r of rows) {
    const v = r.value;
    const old = byEmail.get(v.email);
    if (!old) {
      fresh.push(r);
      continue;
    }
    const ltv = lifetimeValue(v);
    const tier = tierFor(ltv, t);
    updates.push({ updateOne: { filter: { _id: old._id }, update: { $set: updateOf(v, ltv, tier, at) } } });
    const stage = v.lifecycleStage ?? old.lifecycleStage;
    if (old.tier !== tier || old.lifetimeValue !== ltv || old.lifecycleStage !== stage) {
      refresh.push({ customerId: old._id, snapshot: { tier, lifetimeValue: ltv, lifecycleStage: stage } });
    }
  }
  const inserted = await insertNew(fresh, t, at);
  const updated = (await bulkWriteInChunks(updates, (chunk) => Customer.bulkWrite(chunk, { ordered: false }))).matchedCount;
  // Routing and compensation read the snapshot on the complaint: keep open ones current.
  const refreshed = await refreshCustomerSnapshots(refresh);
  return { created: inserted.created, updated: updated + inserted.updated, openComplaints: refreshed };
}

/**
 * Import the business's customer value figures: validate each row, upsert the valid ones by email
 * with lifetime value and tier computed under the stored thresholds, and report the invalid ones.
 * Running the same import twice leaves the same state (the second run only updates).
 */
export function customerValueImporter(props: ImportCustomerValuesProps): Promise<ImportedCustomerValues> {
  // Imports in one process run one after another: a second import of the same new customers then
  // finds them and updates. FerretDB 1.24 on PostgreSQL left one of two racing insertMany calls of
  // the same documents unanswered (customers.test "two imports ... at once"); imports from two
  // processes still race and are settled by the unique email index below.
  return serially('customer-value-import', () => importValues(props));
}

async function importValues(props: ImportCustomerValuesProps): Promise<ImportedCustomerValues> {
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
