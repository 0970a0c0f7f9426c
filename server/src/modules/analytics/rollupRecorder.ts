/**
 * Keeps the rollups in step with complaints. Every complaint change triggers a sync of that one
 * complaint: compare the contributions it should make now (contributions.ts) with those recorded
 * on the complaint (`complaint.rollup.applied`), claim the difference, then `$inc` it.
 *
 * Exactly once: the claim is a conditional update on the complaint's `rollup.v` version, so of
 * two concurrent syncs (or a repeated change) only one applies a given difference; the loser
 * re-reads and finds nothing left to do.
 *
 * Crash window: a process that dies after the claim and before the `$inc` loses that difference
 * (counts are low, never doubled). `npm run rollups:rebuild` recomputes every rollup from the raw
 * complaints; the `redress_rollup_pending` gauge and the log line below show when it is needed
 * (`rollup.pendingSince` stays set on complaints whose increments were not confirmed).
 */
import type { AnyBulkWriteOperation, Collection } from "mongodb";
import { services } from "../../platform/context";
import { bulkWriteInChunks } from "../../platform/db/bulk";
import { Complaint } from "../complaints/complaint.model";
import {
  facetDiff,
  desiredFacets,
  type Facets,
  type RollupDelta,
  type ComplaintSnapshot,
} from "./contributions";
import { metricsChanged } from "./metricsChanged";
import { syncOpenEntry } from "./openSet";
import { rollupCollection } from "./rollup.model";
import { durationTargets } from "./settings";

const MAX_ATTEMPTS = 5;

/** Rollup docs as the driver sees them (string ids, open-ended counter fields). */
interface RawRollup {
  _id: string;
  [field: string]: unknown;
}

/** Deltas grouped by the collection (period, dimension, time partition) their documents live in. */
export function deltasByCollection(
  deltas: Iterable<[string, RollupDelta]>,
): { target: Collection<RawRollup>; entries: [string, RollupDelta][] }[] {
  const groups = new Map<
    string,
    { target: Collection<RawRollup>; entries: [string, RollupDelta][] }
  >();
  for (const [id, d] of deltas) {
    const target = rollupCollection(
      d.meta.period,
      d.meta.dim,
      d.meta.start,
    ) as unknown as Collection<RawRollup>;
    let group = groups.get(target.collectionName);
    if (!group)
      groups.set(target.collectionName, (group = { target, entries: [] }));
    group.entries.push([id, d]);
  }
  return [...groups.values()];
}

/** Apply rollup deltas: `$inc` upserts, one unordered bulk per target collection. */
export async function applyRollupDeltas(
  deltas: Map<string, RollupDelta>,
): Promise<void> {
  if (deltas.size === 0) return;
  // Raw driver calls: rollup docs are open-ended ($inc on histogram paths) and casting is wasted work.
  await Promise.all(
    deltasByCollection(deltas).map(({ target, entries }) =>
      bulkWriteInChunks(
        entries.map(([id, d]): AnyBulkWriteOperation<RawRollup> => ({
          updateOne: {
            filter: { _id: id },
            update: {
              $inc: d.inc as Record<string, never>,
              $setOnInsert: d.meta,
            },
            upsert: true,
          },
        })),
        (chunk) => target.bulkWrite(chunk, { ordered: false }),
      ),
    ),
  );
}

/**
 * Bring one complaint's rollup contributions up to date. Returns true when counts changed.
 * Safe to call any number of times, from any process.
 */
export async function syncComplaintRollups(
  complaintId: unknown,
): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const c = await Complaint.findById(complaintId).lean();
    if (!c) return false;
    const applied = (c.rollup?.applied ?? {}) as Facets;
    const v = c.rollup?.v ?? 0;
    const desired = desiredFacets(
      c as ComplaintSnapshot,
      await durationTargets(),
    );
    const deltas = facetDiff(applied, desired);
    // The open set follows every change (status, team, assignee), counted or not.
    await syncOpenEntry(c as unknown as Parameters<typeof syncOpenEntry>[0]);
    if (deltas.size === 0) return false;
    const now = services().clock.now();
    const claim = await Complaint.updateOne(
      { _id: c._id, ...(v === 0 ? { rollup: null } : { "rollup.v": v }) },
      { $set: { rollup: { v: v + 1, applied: desired, pendingSince: now } } },
    );
    if (claim.modifiedCount !== 1) continue; // another sync won; re-read and diff again
    try {
      await applyRollupDeltas(deltas);
    } catch (err) {
      services().logger.error(
        { err, complaintId: String(c._id) },
        "rollup increments failed after claim: run npm run rollups:rebuild",
      );
      throw err;
    }
    await Complaint.updateOne(
      { _id: c._id, "rollup.v": v + 1 },
      { $unset: { "rollup.pendingSince": 1 } },
    );
    return true;
  }
  throw new Error(
    `rollup sync for ${String(complaintId)} lost ${MAX_ATTEMPTS} claims in a row`,
  );
}

/** The complaint-change listener registered in routes.ts. */
export async function rollupListener(change: {
  type: string;
  complaintId: string;
}): Promise<void> {
  if (await syncComplaintRollups(change.complaintId))
    metricsChanged(change.type);
}
