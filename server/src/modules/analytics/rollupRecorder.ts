/**
 * Keeps the rollups in step with complaints. Every complaint change triggers a sync of that one
 * complaint: compare the contributions it should make now (contributions.ts) with those recorded
 * for it (`analytics_rollup_state`), claim the difference, then `$inc` it.
 *
 * Exactly once: the claim is a conditional update on the state's version `v`, so of
 * two concurrent syncs (or a repeated change) only one applies a given difference; the loser
 * re-reads and finds nothing left to do.
 *
 * Crash window: a process that dies after the claim and before the `$inc` loses that difference
 * (counts are low, never doubled). `npm run rollups:rebuild` recomputes every rollup from the raw
 * complaints; the `redress_rollup_pending` gauge and the log line below show when it is needed
 * (`pendingSince` stays set on states whose increments were not confirmed).
 */
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { services } from '../../platform/context';
import { bulkWriteInChunks } from '../../platform/db/bulk';
import { exclusively } from '../../platform/db/serially';
import { Complaint } from '../complaints/complaint.model';
import type { FeedSubscriber } from '../complaints/feed/feedDispatcher';
import { RollupState } from './rollupState.model';
import { facetDiff, desiredFacets, type Facets, type RollupDelta, type ComplaintSnapshot } from './contributions';
import { metricsChanged } from './metricsChanged';
import { syncOpenEntry } from './openSet';
import { rollupCollection } from './rollup.model';
import { durationTargets } from './settings';

const MAX_ATTEMPTS = 5;

/** Rollup docs as the driver sees them (string ids, open-ended counter fields). */
interface RawRollup {
  _id: string;
  [field: string]: unknown;
}

/** Deltas grouped by the collection (period, dimension, time partition) their documents live in. */
export function deltasByCollection(deltas: Iterable<[string, RollupDelta]>): { target: Collection<RawRollup>; entries: [string, RollupDelta][] }[] {
  const groups = new Map<string, { target: Collection<RawRollup>; entries: [string, RollupDelta][] }>();
  for (const [id, d] of deltas) {
    const target = rollupCollection(d.meta.period, d.meta.dim, d.meta.start) as unknown as Collection<RawRollup>;
    let group = groups.get(target.collectionName);
    if (!group) groups.set(target.collectionName, (group = { target, entries: [] }));
    group.entries.push([id, d]);
  }
  return [...groups.values()];
}

/** Apply rollup deltas: `$inc` upserts, one unordered bulk per target collection. */
export async function applyRollupDeltas(deltas: Map<string, RollupDelta>): Promise<void> {
  if (deltas.size === 0) return;
  await exclusively('rollup-increments', () => incrementRollups(deltas));
}

async function incrementRollups(deltas: Map<string, RollupDelta>): Promise<void> {
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

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/**
 * Bring one complaint's rollup contributions up to date. Returns true when counts changed.
 * Safe to call any number of times, from any process.
 */
export async function syncComplaintRollups(complaintId: unknown): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [c, state] = await Promise.all([Complaint.findById(complaintId).lean(), RollupState.findById(complaintId).lean()]);
    if (!c) return false;
    const applied = (state?.applied ?? {}) as Facets;
    const v = state?.v ?? 0;
    const desired = desiredFacets(c as ComplaintSnapshot, await durationTargets());
    const deltas = facetDiff(applied, desired);
    // The open set follows every change (status, team, assignee), counted or not.
    await syncOpenEntry(c as unknown as Parameters<typeof syncOpenEntry>[0]);
    if (deltas.size === 0) return false;
    const now = services().clock.now();
    const next = { v: v + 1, applied: desired, pendingSince: now };
    // The claim: the first version is an insert (unique _id), later ones a conditional update.
    const won =
      v === 0
        ? await RollupState.collection.insertOne({ _id: c._id, ...next }).then(
            () => true,
            (err: unknown) => {
              if (isDuplicateKey(err)) return false;
              throw err;
            },
          )
        : (await RollupState.updateOne({ _id: c._id, v }, { $set: next })).modifiedCount === 1;
    if (!won) continue; // another sync won; re-read and diff again
    try {
      await applyRollupDeltas(deltas);
    } catch (err) {
      services().logger.error({ err, complaintId: String(c._id) }, 'rollup increments failed after claim: run npm run rollups:rebuild');
      throw err;
    }
    await RollupState.updateOne({ _id: c._id, v: v + 1 }, { $set: { pendingSince: null } });
    return true;
  }
  throw new Error(`rollup sync for ${String(complaintId)} lost ${MAX_ATTEMPTS} claims in a row`);
}

/** Rollups on the change feed: one sync per batch of a complaint's changes (the sync diffs the whole complaint). */
export const rollupProcessor: FeedSubscriber = {
  name: 'analytics-rollups',
  accepts: () => true,
  async handle(changes, complaint) {
    const last = changes[changes.length - 1]!;
    if (!(await syncComplaintRollups(last.complaintId))) return;
    // The figures of the complaint's team moved, and of the team it left (escalation).
    const teams = new Set<string | null>([complaint?.teamId ? String(complaint.teamId) : null]);
    for (const ch of changes) if (ch.type === 'escalated') teams.add(ch.previousTeamId);
    for (const t of teams) metricsChanged(last.type, t);
  },
};
