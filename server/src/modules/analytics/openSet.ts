/**
 * The open set: one small document per open complaint (`analytics_open`), written by the rollup
 * listener on every change (upsert while open, delete once resolved or closed). Live figures read
 * it instead of querying complaints, because the embedded FerretDB/SQLite would scan the whole
 * complaints collection (all history) for `status: {$in: open}`. Its size is the backlog.
 * Drift is repaired by `npm run rollups:rebuild`, which rebuilds it too.
 */
import mongoose, { Schema, type Types } from 'mongoose';
import { isOpen, type ComplaintStatus, type PriorityLevel } from '@redress/shared';

const openSchema = new Schema(
  {
    status: String,
    priority: String,
    teamId: { type: Schema.Types.ObjectId, default: null },
    assigneeId: { type: Schema.Types.ObjectId, default: null },
    category: String,
    rootCause: String,
    kind: String,
    channel: String,
    createdAt: Date,
    customer: { lifetimeValue: Number },
    /** The SLA domain's state when the complaint was last synced (null: no SLA clock). */
    slaState: { type: String, default: null },
  },
  { strict: true, versionKey: false },
);
export const OpenComplaintEntry = mongoose.model('AnalyticsOpen', openSchema, 'analytics_open');

/** An open complaint as live figures need it. */
export interface OpenComplaint {
  _id: Types.ObjectId;
  status: string;
  priority: PriorityLevel;
  teamId: Types.ObjectId | null;
  assigneeId: Types.ObjectId | null;
  createdAt: Date;
  customer?: { lifetimeValue?: number };
  slaState?: 'ok' | 'at_risk' | 'breached' | null;
}

/** SLA state recorded on a complaint's `sla` subdocument ('state' or per clock), if any. */
export function recordedSlaState(sla: unknown): 'ok' | 'at_risk' | 'breached' | null {
  const s = sla as Record<string, unknown> | null | undefined;
  if (!s || typeof s !== 'object') return null;
  const states = [s.state, (s.firstResponse as { state?: unknown } | undefined)?.state, (s.resolution as { state?: unknown } | undefined)?.state];
  if (states.includes('breached')) return 'breached';
  if (states.includes('at_risk')) return 'at_risk';
  return states.some((x) => typeof x === 'string') ? 'ok' : null;
}

interface Source {
  _id: Types.ObjectId;
  status: ComplaintStatus;
  priority: PriorityLevel;
  teamId: Types.ObjectId | null;
  assigneeId: Types.ObjectId | null;
  category: string;
  rootCause: string;
  kind: string;
  channel: string;
  createdAt: Date;
  customer?: { lifetimeValue?: number };
  sla?: unknown;
}

/** The open-set entry of a complaint, or null when it is not open. */
export function openEntryFor(c: Source) {
  if (!isOpen(c.status)) return null;
  return {
    _id: c._id,
    status: c.status,
    priority: c.priority,
    teamId: c.teamId ?? null,
    assigneeId: c.assigneeId ?? null,
    category: c.category,
    rootCause: c.rootCause,
    kind: c.kind,
    channel: c.channel,
    createdAt: c.createdAt,
    customer: { lifetimeValue: c.customer?.lifetimeValue ?? 0 },
    slaState: recordedSlaState(c.sla),
  };
}

/** Make the open set agree with the complaint's current state (idempotent; `_id` writes only). */
export async function syncOpenEntry(c: Source): Promise<void> {
  const entry = openEntryFor(c);
  if (entry)
    await OpenComplaintEntry.collection.replaceOne({ _id: c._id }, entry, {
      upsert: true,
    });
  else await OpenComplaintEntry.collection.deleteOne({ _id: c._id });
}
