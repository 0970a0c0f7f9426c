/**
 * `npm run rollups:rebuild`: recompute every rollup from the raw complaints. Use it after a crash
 * inside the rollup claim window (redress_rollup_pending > 0), after changing targets, or after a
 * restore. Stop the server first (or pause intake): syncs running during a rebuild can be counted
 * twice. With the embedded database the server must be stopped anyway (one process per data dir).
 */
import path from 'node:path';
import mongoose from 'mongoose';
import { Complaint } from '../complaints/complaint.model';
import { addFacet, desiredFacets, facetNames, type ComplaintSnapshot, type RollupDelta } from './contributions';
import { deltasByCollection } from './rollupRecorder';
import { tryWithLock } from '../../platform/db/lock';
import { RollupState, type RollupStateFields } from './rollupState.model';
import { dropAllRollups, legacyRollupCollections } from './rollup.model';
import { OpenComplaintEntry, openEntryFor } from './openSet';
import { durationTargets } from './settings';

/** Fields contributions read (see ComplaintSnapshot). */
export const snapshotProjection = {
  teamId: 1,
  'customer.name': 1,
  category: 1,
  rootCause: 1,
  kind: 1,
  channel: 1,
  assigneeId: 1,
  createdAt: 1,
  firstResponseAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  status: 1,
  reopenCount: 1,
  priority: 1,
  csat: 1,
  'customer.lifetimeValue': 1,
  'customer.priorComplaints': 1,
  sla: 1,
} as const;

/** A full rollup document from an accumulated delta ("fr.37": 2 becomes fr: { "37": 2 }). */
export function deltaToDoc(id: string, d: RollupDelta): Record<string, unknown> {
  const doc: Record<string, unknown> = { _id: id, ...d.meta };
  for (const [field, n] of Object.entries(d.inc)) {
    const dot = field.indexOf('.');
    if (dot < 0) doc[field] = n;
    else {
      const h = (doc[field.slice(0, dot)] ??= {}) as Record<string, number>;
      h[field.slice(dot + 1)] = n;
    }
  }
  return doc;
}

/** Recompute all rollups; returns how many complaints were read. */
export async function rebuildRollups(opts: { batchSize?: number; log?: (line: string) => void } = {}): Promise<{ complaints: number }> {
  const batchSize = opts.batchSize ?? 5_000;
  const targets = await durationTargets();
  await Promise.all([dropAllRollups(), OpenComplaintEntry.deleteMany({}), RollupState.deleteMany({})]);
  let open: Record<string, unknown>[] = [];
  // Every rollup document is summed in memory and written once with a plain insert: their number
  // follows periods x facet values, not complaints, and an insert costs a fraction of an upsert.
  const deltas = new Map<string, RollupDelta>();
  let states: RollupStateFields[] = [];
  let count = 0;
  const flush = async () => {
    if (open.length)
      await OpenComplaintEntry.collection.insertMany(open as never[], {
        ordered: false,
      });
    open = [];
    if (states.length) await RollupState.collection.insertMany(states, { ordered: false });
    states = [];
  };
  for await (const c of Complaint.find({}, snapshotProjection).lean().cursor({ batchSize: 1_000 })) {
    const desired = desiredFacets(c as unknown as ComplaintSnapshot, targets);
    for (const name of facetNames) if (desired[name]) addFacet(deltas, desired[name], 1);
    const entry = openEntryFor(c as unknown as Parameters<typeof openEntryFor>[0]);
    if (entry) open.push(entry);
    states.push({ _id: c._id, v: 1, applied: desired, pendingSince: null });
    if (++count % batchSize === 0) {
      await flush();
      opts.log?.(`${count} complaints`);
    }
  }
  await flush();
  for (const { target, entries } of deltasByCollection(deltas)) {
    for (let i = 0; i < entries.length; i += batchSize) {
      await target.insertMany(entries.slice(i, i + batchSize).map(([id, d]) => deltaToDoc(id, d)) as never[], { ordered: false });
    }
  }
  return { complaints: count };
}

/**
 * Start-up upgrade from the unpartitioned rollup layout (before 2026-12): when its collections
 * exist, rebuild once into the partitioned layout (the rebuild drops both). One process does it;
 * others starting at the same time skip it. Returns the number of complaints re-read, or null.
 */
export async function upgradeRollupLayout(log: (msg: string) => void): Promise<number | null> {
  if ((await legacyRollupCollections()).length === 0) return null;
  log('rollups: upgrading to the partitioned layout (one rebuild)');
  const { ran, value } = await tryWithLock(
    'rollups:upgrade',
    async () => ((await legacyRollupCollections()).length > 0 ? (await rebuildRollups()).complaints : null),
    60 * 60_000,
  );
  return ran ? (value ?? null) : null;
}

async function main(): Promise<void> {
  const { loadEnv } = await import('../../platform/env');
  const { startEmbeddedDb } = await import('../../platform/db/embedded');
  const env = loadEnv();
  const root = path.resolve(__dirname, '../../../..');
  const embedded = env.MONGODB_URI
    ? null
    : await startEmbeddedDb({
        dataDir: path.resolve(root, env.DATA_DIR),
        engine: env.EMBEDDED_DB_ENGINE,
        log: console.log,
      });
  await mongoose.connect(env.MONGODB_URI ?? embedded!.uri, {
    dbName: 'redress',
  });
  const started = Date.now();
  const { complaints } = await rebuildRollups({
    log: (l) => process.stdout.write(`rollups:rebuild ${l}\n`),
  });
  // Order summaries and timelines from the raw order events, then measured retention from those.
  const { rebuildOrderRollups } = await import('../orders/rebuild');
  const { rebuildRetention } = await import('./retentionRebuild');
  await rebuildOrderRollups((l) => process.stdout.write(`rollups:rebuild ${l}\n`));
  await rebuildRetention((l) => process.stdout.write(`rollups:rebuild ${l}\n`));
  process.stdout.write(`rollups:rebuild done: ${complaints} complaints in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await mongoose.disconnect();
  await embedded?.stop();
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`redress: rollups:rebuild failed: ${err.message}\n`);
    process.exit(1);
  });
}
