/**
 * The one write path of complaint documents. Each write is two single-document steps:
 *
 *   1. insert the change `<id>:<rev+1>` into complaint_changes (the feed entry, carrying the write);
 *   2. update the complaint, conditional on the revision read: `$set` the fields and `rev: rev+1`.
 *
 * Step 1 is the claim: unique `_id` inserts are atomic on MongoDB and FerretDB 1.x alike, so two
 * writers on one complaint never both get a revision (FerretDB's conditional updates alone are not
 * atomic). A writer that loses re-reads and decides again on fresh state. A crash between 1 and 2
 * leaves a change ahead of its complaint: whoever meets it after ORPHAN_MS (the next writer, or
 * the dispatcher's repair scan) applies its `$set` — absolute values, so applying twice is
 * harmless — and the write completes as if the process had lived. Subscribers only ever see
 * revisions the complaint has reached.
 */
import type { Types } from 'mongoose';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { Complaint } from '../complaint.model';
import type { ComplaintFields } from '../complaint.types';
import type { ComplaintChange, ComplaintChangeData } from '../complaintChanges';
import { ComplaintChangeRecord, type ComplaintChangeFields } from './complaintChange.model';
import { signalChange } from './feedSignal';

export type LeanComplaint = ComplaintFields & { _id: Types.ObjectId; rev?: number };

export interface ComplaintMutation {
  /** Absolute field values (dotted paths allowed); never increments, so a replay is harmless. */
  set: Record<string, unknown>;
  change: ComplaintChangeData;
}

export interface ComplaintWritten {
  before: LeanComplaint;
  after: LeanComplaint;
  change: ComplaintChange;
}

/** A change still ahead of its complaint after this long was orphaned by a crash: roll it forward. */
export const ORPHAN_MS = 10_000;
/** The repair scan looks at a change this long after it was written, if no dispatcher took it. */
export const SCAN_GRACE_MS = 5_000;
const DEFAULT_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** Complaints stored before the feed existed have no `rev`: they are at revision 0. */
export function revOf(c: { rev?: number | null }): number {
  return c.rev ?? 0;
}

function revFilter(rev: number): unknown {
  return rev === 0 ? { $in: [0, null] } : rev;
}

export function changeId(complaintId: unknown, rev: number): string {
  return `${String(complaintId)}:${rev}`;
}

/** The change as subscribers and callers see it. */
export function toChange(r: Pick<ComplaintChangeFields, 'complaintId' | 'rev' | 'type' | 'data' | 'at'>): ComplaintChange {
  return { ...(r.data as object), type: r.type, complaintId: String(r.complaintId), rev: r.rev, at: r.at } as ComplaintChange;
}

/** `c` with `set` applied (dotted paths copy the objects along the way, never mutate `c`). */
function applySet(c: LeanComplaint, set: Record<string, unknown>, rev: number): LeanComplaint {
  const out: Record<string, unknown> = { ...c, rev };
  for (const [path, value] of Object.entries(set)) {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) {
      const next = { ...((node[k] as Record<string, unknown> | null) ?? {}) };
      node[k] = next;
      node = next;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return out as unknown as LeanComplaint;
}

/** Complete an orphaned write (see the module comment). Safe to call any number of times. */
export async function rollForward(ch: Pick<ComplaintChangeFields, 'complaintId' | 'rev' | 'set' | 'create'>): Promise<void> {
  if (ch.create) {
    await Complaint.collection.insertOne(ch.create as never).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    return;
  }
  const set = Object.fromEntries((ch.set ?? []).map(({ p, v }) => [p, v]));
  await Complaint.updateOne({ _id: ch.complaintId, rev: revFilter(ch.rev - 1) }, { $set: { ...set, rev: ch.rev } });
}

/** The writer that holds revision `rev` is still going, or died: wait for it, or finish its write. */
async function settleContended(complaintId: unknown, rev: number): Promise<void> {
  const holder = await ComplaintChangeRecord.findById(changeId(complaintId, rev)).lean();
  if (holder && Date.now() - holder.at.getTime() > ORPHAN_MS) await rollForward(holder);
}

/**
 * Write one complaint: `decide` looks at the current document and returns the fields to set and
 * the change to record (or null: nothing to do; or throws, e.g. 409 invalid_state). It may run
 * again on fresh state when another writer got there first. `current` saves the first read when
 * the caller has just loaded the complaint. Returns null when `decide` did, or the complaint is gone.
 */
export async function mutateComplaint(
  complaintId: unknown,
  decide: (c: LeanComplaint) => ComplaintMutation | null | Promise<ComplaintMutation | null>,
  opts: { current?: LeanComplaint | null; waitMs?: number } = {},
): Promise<ComplaintWritten | null> {
  const deadline = Date.now() + (opts.waitMs ?? DEFAULT_WAIT_MS);
  // A hydrated document would spread into garbage: work on plain objects.
  let current =
    opts.current && typeof (opts.current as { toObject?: unknown }).toObject === 'function'
      ? (opts.current as unknown as { toObject(): LeanComplaint }).toObject()
      : (opts.current ?? null);
  for (let attempt = 0; ; attempt++) {
    const c = current ?? (await Complaint.findById(complaintId).lean<LeanComplaint>());
    current = null;
    if (!c) return null;
    const m = await decide(c);
    if (!m) return null;
    const rev = revOf(c) + 1;
    const at = services().clock.now();
    const record: ComplaintChangeFields = {
      _id: changeId(c._id, rev),
      complaintId: c._id,
      rev,
      type: m.change.type,
      data: dataOf(m.change),
      set: Object.entries(m.set).map(([p, v]) => ({ p, v })),
      create: null,
      at,
      scanAfter: new Date(Date.now() + SCAN_GRACE_MS),
    };
    try {
      await ComplaintChangeRecord.collection.insertOne(record as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (Date.now() > deadline) throw errors.conflict('The complaint is busy; try again');
      await settleContended(c._id, rev);
      await sleep(Math.min(5 * 2 ** attempt, 100) + Math.random() * 10);
      continue;
    }
    const res = await Complaint.updateOne({ _id: c._id, rev: revFilter(rev - 1) }, { $set: { ...m.set, rev } });
    // Not matched: our change was rolled forward by someone who thought us dead; it is applied.
    if (res.matchedCount !== 1 && !(await Complaint.exists({ _id: c._id, rev: { $gte: rev } }))) {
      throw new Error(`complaint ${String(c._id)} lost revision ${rev}`);
    }
    signalChange(String(c._id));
    return { before: c, after: applySet(c, m.set, rev), change: toChange(record) };
  }
}

function dataOf(change: ComplaintChangeData): Record<string, unknown> {
  const { type: _type, ...data } = change;
  return data;
}

/**
 * Insert a new complaint as revision 1 with its 'filed' change written first. Idempotent per
 * complaint id: a replay (or a racing twin) finds the change and completes the same insert.
 */
export async function insertComplaint(doc: Record<string, unknown> & { _id: Types.ObjectId }): Promise<{ complaint: LeanComplaint; created: boolean }> {
  const model = new Complaint({ ...doc, rev: 1 });
  const invalid = model.validateSync();
  if (invalid) throw invalid;
  const create = model.toObject({ depopulate: true, versionKey: false }) as unknown as Record<string, unknown>;
  const at = services().clock.now();
  const record: ComplaintChangeFields = {
    _id: changeId(doc._id, 1),
    complaintId: doc._id,
    rev: 1,
    type: 'filed',
    data: {},
    set: null,
    create,
    at,
    scanAfter: new Date(Date.now() + SCAN_GRACE_MS),
  };
  let stored = create;
  let created = true;
  await ComplaintChangeRecord.collection.insertOne(record as never).catch(async (err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
    // A replay: finish the first attempt's insert, with its document.
    created = false;
    const first = await ComplaintChangeRecord.findById(record._id).lean();
    if (first?.create) stored = first.create;
  });
  await Complaint.collection.insertOne(stored as never).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
  signalChange(String(doc._id));
  return { complaint: stored as unknown as LeanComplaint, created };
}

/**
 * Load finished history as it is (demo data, migrations): complaints already resolved or closed,
 * whose reactions happened elsewhere. They enter at revision 0 with no change on the feed, so no
 * subscriber reacts; the caller rebuilds derived data (rollups) itself.
 */
export async function importComplaintHistory(docs: Record<string, unknown>[]): Promise<void> {
  await Complaint.insertMany(docs.map((d) => ({ ...d, rev: 0 })));
}
