/**
 * Keeps the measured-retention rollups (`retention_rollups`) and the per-complaint retention
 * records (`retention_records`) in step with complaints, their remedies and the customer's orders.
 *
 * A record is synced on every change of its complaint (feed subscriber `retention`, after the
 * rollups) and whenever new placed orders of its customer fall in its windows (order ingest).
 * Like rollupRecorder: compute the desired contributions (retentionContributions.ts), diff them
 * against those applied (kept on the record), claim with a conditional update on the record's
 * version `v`, then `$inc` the difference. Repeated or concurrent syncs apply each difference once.
 * Crash window (as for rollups): dying between claim and `$inc` loses that difference; `pendingSince`
 * stays set on such records.
 *
 * The record also carries the complaint's early-warning signals (open, SLA breached, closed
 * unresolved, remedy declined) for the at-risk list (atRisk.ts).
 */
import mongoose from 'mongoose';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { isOpen, type ComplaintStatus, type ResolutionSpeed } from '@redress/shared';
import { services } from '../../platform/context';
import { bulkWriteInChunks } from '../../platform/db/bulk';
import { isFerretDb } from '../../platform/db/connection';
import { exclusively, lockedSection } from '../../platform/db/serially';
import type { ComplaintChange } from '../complaints/complaintChanges';
import { Complaint } from '../complaints/complaint.model';
import type { FeedSubscriber } from '../complaints/feed/feedDispatcher';
import { placedOrdersBetween } from '../orders/orderTimeline';
import { durationsOf, type ComplaintSnapshot } from './contributions';
import { metricsChanged } from './metricsChanged';
import { recordedSlaState } from './openSet';
import {
  contributionDiff,
  LONGEST_WINDOW_MS,
  retentionContributions,
  type RetentionAttributes,
  type RetentionContributions,
  type RetentionRemedy,
} from './retentionContributions';
import { durationTargets } from './settings';

const MAX_ATTEMPTS = 5;
const countedRemedyStatuses = ['approved', 'issued'];

/** applied contributions as stored: field names may hold dots ("v30.EUR"), so as lists (FerretDB 1.x stores no array directly inside an array). */
type StoredContributions = { id: string; inc: { k: string; n: number }[] }[];

export interface RetentionRecordDoc {
  _id: mongoose.Types.ObjectId;
  email: string;
  customerId: mongoose.Types.ObjectId;
  reference: string;
  anchorAt: Date;
  speed: ResolutionSpeed;
  tier: string;
  rootCause: string;
  team: string;
  remedies: RetentionRemedy[];
  /** Early-warning signals. */
  open: boolean;
  breached: boolean;
  unresolvedClosedAt: Date | null;
  remedyFailedAt: Date | null;
  /** True while any signal may apply (the at-risk read filters by recency). */
  riskSignal: boolean;
  v: number;
  applied: StoredContributions;
  pendingSince: Date | null;
}

interface RollupDoc {
  _id: string;
  [k: string]: unknown;
}

function db() {
  const d = mongoose.connection.db;
  if (!d) throw new Error('database not connected');
  return d;
}
export const retentionRecords = (): Collection<RetentionRecordDoc> => db().collection<RetentionRecordDoc>('retention_records');
export const retentionRollups = (): Collection<RollupDoc> => db().collection<RollupDoc>('retention_rollups');

export const toStored = (c: RetentionContributions): StoredContributions =>
  Object.entries(c).map(([id, inc]) => ({ id, inc: Object.entries(inc).map(([k, n]) => ({ k, n })) }));
const fromStored = (s: StoredContributions | undefined): RetentionContributions =>
  Object.fromEntries((s ?? []).map(({ id, inc }) => [id, Object.fromEntries(inc.map(({ k, n }) => [k, n]))]));

export interface RemedyRow {
  type?: string;
  status?: string;
  amount?: number;
  currency?: string | null;
  ruleKey?: string;
  ruleVersion?: number;
  decidedAt?: Date | null;
}

export type RetentionComplaint = ComplaintSnapshot & {
  _id: mongoose.Types.ObjectId;
  customerId: mongoose.Types.ObjectId;
  reference: string;
  customer: ComplaintSnapshot['customer'] & { email: string; tier?: string };
  updatedAt?: Date;
};

/** Resolved (resolved or closed with a resolution time): quick when within its SLA resolution target. */
export function speedOf(c: ComplaintSnapshot, targets: Awaited<ReturnType<typeof durationTargets>>): ResolutionSpeed {
  const resolved = (c.status === 'resolved' || c.status === 'closed') && !!c.resolvedAt;
  if (!resolved) return 'unresolved';
  const d = durationsOf(c, targets);
  return d.resBus !== null && d.resBus <= d.resTarget ? 'quick' : 'late';
}

export function attributesOf(c: RetentionComplaint, remedies: RemedyRow[], targets: Awaited<ReturnType<typeof durationTargets>>): RetentionAttributes {
  const speed = speedOf(c, targets);
  return {
    email: c.customer.email.trim().toLowerCase(),
    anchorMs: (speed === 'unresolved' ? c.createdAt : c.resolvedAt!).getTime(),
    speed,
    tier: c.customer.tier ?? 'standard',
    rootCause: c.rootCause,
    team: c.teamId ? String(c.teamId) : 'none',
    remedies: remedies
      .filter((r) => countedRemedyStatuses.includes(r.status ?? ''))
      .map((r) => ({
        type: r.type ?? 'other',
        ruleKey: r.ruleKey ?? 'manual',
        ruleVersion: r.ruleVersion ?? 0,
        cents: Math.round((r.amount ?? 0) * 100),
        currency: r.currency ?? null,
      }))
      .sort((a, b) => a.type.localeCompare(b.type)),
  };
}

export function signalsOf(c: RetentionComplaint, remedies: RemedyRow[]) {
  const open = isOpen(c.status as ComplaintStatus);
  const breached = recordedSlaState(c.sla) === 'breached';
  // Closed without a resolution, or reopened and still open (the resolution did not hold).
  const unresolvedClosedAt =
    c.status === 'closed' && !c.resolvedAt ? (c.closedAt ?? c.createdAt) : open && (c.reopenCount ?? 0) > 0 ? (c.updatedAt ?? c.createdAt) : null;
  const failed = remedies.filter((r) => r.status === 'declined').map((r) => r.decidedAt?.getTime() ?? 0);
  const remedyFailedAt = failed.length ? new Date(Math.max(...failed)) : null;
  return { open, breached, unresolvedClosedAt, remedyFailedAt, riskSignal: open || breached || !!unresolvedClosedAt || !!remedyFailedAt };
}

/** $inc the differences, one upsert per rollup document. */
async function applyDeltas(deltas: RetentionContributions): Promise<void> {
  const ops = Object.entries(deltas).map(([id, inc]): AnyBulkWriteOperation<RollupDoc> => {
    const [dim, key, day] =
      id.split('|').length === 3
        ? id.split('|')
        : [id.slice(0, id.indexOf('|')), id.slice(id.indexOf('|') + 1, id.lastIndexOf('|')), id.slice(id.lastIndexOf('|') + 1)];
    return {
      updateOne: {
        filter: { _id: id },
        update: { $inc: inc as never, $setOnInsert: { dim, key, day: Date.parse(`${day}T00:00:00Z`) } as never },
        upsert: true,
      },
    };
  });
  // One increment bulk at a time per process (as rollupRecorder does); a first upsert of a new
  // document racing another process's fails on the unique _id and is sent again (it now exists).
  await exclusively('retention-increments', async () => {
    try {
      await bulkWriteInChunks(ops, (chunk) => retentionRollups().bulkWrite(chunk, { ordered: false }));
    } catch (err) {
      if (!(err instanceof mongoose.mongo.MongoBulkWriteError)) throw err;
      const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      if (list.length === 0 || list.some((e) => e.code !== 11000)) throw err;
      // The chunk that failed is not known by index across chunks: resend each op once, alone.
      const failedIds = new Set(list.map((e) => String((e.getOperation() as { q?: { _id?: unknown } }).q?._id ?? '')));
      const again = ops.filter((o) => 'updateOne' in o && failedIds.has(String((o.updateOne.filter as { _id: string })._id)));
      if (again.length === 0) throw err;
      await bulkWriteInChunks(again, (chunk) => retentionRollups().bulkWrite(chunk, { ordered: false }));
    }
  });
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/**
 * Bring one complaint's retention record and contributions up to date. True when counts changed.
 * The feed and the order ingest both sync records; on FerretDB the versioned claim (`{_id, v}`)
 * is checked and applied in two steps, so two syncs of one record at once could both win and
 * apply the same difference twice: there they run one at a time per record.
 */
export function syncRetentionRecord(complaintId: unknown): Promise<boolean> {
  return isFerretDb() ? lockedSection(`retention:${String(complaintId)}`, () => syncRecord(complaintId)) : syncRecord(complaintId);
}

async function syncRecord(complaintId: unknown): Promise<boolean> {
  const targets = await durationTargets();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const c = (await Complaint.findById(complaintId).lean()) as unknown as RetentionComplaint | null;
    if (!c) return false;
    const [state, remedies] = await Promise.all([
      retentionRecords().findOne({ _id: c._id }),
      db()
        .collection('remedies')
        .find({ complaintId: c._id }, { projection: { type: 1, status: 1, amount: 1, currency: 1, ruleKey: 1, ruleVersion: 1, decidedAt: 1 } })
        .toArray() as Promise<RemedyRow[]>,
    ]);
    const attrs = attributesOf(c, remedies, targets);
    const orders = await placedOrdersBetween(attrs.email, attrs.anchorMs, attrs.anchorMs + LONGEST_WINDOW_MS);
    const desired = retentionContributions(attrs, orders);
    const deltas = contributionDiff(fromStored(state?.applied), desired);
    const v = state?.v ?? 0;
    const fields = {
      email: attrs.email,
      customerId: c.customerId,
      reference: c.reference,
      anchorAt: new Date(attrs.anchorMs),
      speed: attrs.speed,
      tier: attrs.tier,
      rootCause: attrs.rootCause,
      team: attrs.team,
      remedies: attrs.remedies,
      ...signalsOf(c, remedies),
    };
    const changed = Object.keys(deltas).length > 0;
    const next = { ...fields, v: changed ? v + 1 : v, applied: toStored(desired), pendingSince: changed ? services().clock.now() : null };
    const won =
      v === 0 && !state
        ? await retentionRecords()
            .insertOne({ _id: c._id, ...next })
            .then(
              () => true,
              (err: unknown) => {
                if (isDuplicateKey(err)) return false;
                throw err;
              },
            )
        : (await retentionRecords().updateOne({ _id: c._id, v }, { $set: next })).matchedCount === 1;
    if (!won) continue;
    if (!changed) return false;
    await applyDeltas(deltas);
    await retentionRecords().updateOne({ _id: c._id, v: v + 1 }, { $set: { pendingSince: null } });
    return true;
  }
  throw new Error(`retention sync for ${String(complaintId)} lost ${MAX_ATTEMPTS} claims in a row`);
}

/**
 * New placed orders arrived (email → order times): sync the records of those customers whose
 * windows hold one of them. Returns how many records changed.
 */
export async function syncRetentionAfterOrders(placedTimes: Map<string, number[]>): Promise<number> {
  if (placedTimes.size === 0) return 0;
  const records = await retentionRecords()
    .find({ email: { $in: [...placedTimes.keys()] } }, { projection: { _id: 1, email: 1, anchorAt: 1 } })
    .toArray();
  let changed = 0;
  for (const r of records) {
    const anchor = r.anchorAt.getTime();
    const hit = (placedTimes.get(r.email) ?? []).some((t) => t > anchor && t <= anchor + LONGEST_WINDOW_MS);
    if (hit && (await syncRetentionRecord(r._id))) changed++;
  }
  return changed;
}

/**
 * The changes that can move a complaint's record: its status (and so speed and anchor), team, root
 * cause, the customer's tier, the SLA outcome, and the remedies (read afresh with any of these).
 * Notes, attachments, replies that leave the status, scores and priorities cannot; skipping them
 * spares the feed a record sync per change.
 */
function movesRetention(ch: ComplaintChange): boolean {
  switch (ch.type) {
    case 'staff_reply':
    case 'customer_reply':
      return Boolean(ch.status);
    case 'note':
    case 'attachment':
    case 'priority_changed':
    case 'scored':
    case 'csat':
      return false;
    default:
      return true;
  }
}

/** Retention on the change feed: one sync per batch of a complaint's changes, after the rollups. */
export const retentionProcessor: FeedSubscriber = {
  name: 'analytics-retention',
  accepts: movesRetention,
  async handle(changes, complaint) {
    const last = changes[changes.length - 1]!;
    if (await syncRetentionRecord(last.complaintId)) metricsChanged(last.type, complaint?.teamId ? String(complaint.teamId) : null);
  },
};
