/**
 * Recompute every retention record and the retention rollups from the complaints, their remedies
 * and the order timelines, in memory, then write them in bulk. Used by the demo seed (history
 * complaints are imported without the change feed) and by `npm run rollups:rebuild` (repair).
 * Run it while no feed subscriber syncs retention (stopped server, or seeding before live filings).
 */
import mongoose from 'mongoose';
import type { AnyBulkWriteOperation } from 'mongodb';
import { bulkWriteInChunks } from '../../platform/db/bulk';
import { Complaint } from '../complaints/complaint.model';
import { orderTimeline, type TimelineEntry } from '../orders/orders.collections';
import { LONGEST_WINDOW_MS, retentionContributions } from './retentionContributions';
import {
  attributesOf,
  type RemedyRow,
  retentionRecords,
  retentionRollups,
  signalsOf,
  toStored,
  type RetentionComplaint,
  type RetentionRecordDoc,
} from './retentionRecorder';
import { durationTargets } from './settings';

export async function rebuildRetention(log: (line: string) => void = () => undefined): Promise<number> {
  const db = mongoose.connection.db!;
  const [complaints, remedies, timelines, targets] = await Promise.all([
    Complaint.find({}).lean() as unknown as Promise<RetentionComplaint[]>,
    db
      .collection('remedies')
      .find({}, { projection: { complaintId: 1, type: 1, status: 1, amount: 1, currency: 1, ruleKey: 1, ruleVersion: 1, decidedAt: 1 } })
      .toArray() as unknown as Promise<(RemedyRow & { complaintId: unknown })[]>,
    orderTimeline().find({}).toArray(),
    durationTargets(),
  ]);
  const remediesOf = new Map<string, typeof remedies>();
  for (const r of remedies) remediesOf.set(String(r.complaintId), [...(remediesOf.get(String(r.complaintId)) ?? []), r]);
  const ordersOf = new Map<string, TimelineEntry[]>();
  for (const t of timelines) ordersOf.set(t.email, [...(ordersOf.get(t.email) ?? []), ...t.o]);
  const sums = new Map<string, Record<string, number>>();
  const records: RetentionRecordDoc[] = [];
  for (const c of complaints) {
    const mine = remediesOf.get(String(c._id)) ?? [];
    const attrs = attributesOf(c, mine, targets);
    const orders = (ordersOf.get(attrs.email) ?? []).filter((o) => o.t > attrs.anchorMs && o.t <= attrs.anchorMs + LONGEST_WINDOW_MS);
    const desired = retentionContributions(attrs, orders);
    for (const [id, inc] of Object.entries(desired)) {
      const s = sums.get(id) ?? {};
      for (const [k, n] of Object.entries(inc)) s[k] = (s[k] ?? 0) + n;
      sums.set(id, s);
    }
    records.push({
      _id: c._id,
      email: attrs.email,
      customerId: c.customerId,
      reference: c.reference,
      anchorAt: new Date(attrs.anchorMs),
      speed: attrs.speed,
      tier: attrs.tier,
      rootCause: attrs.rootCause,
      team: attrs.team,
      remedies: attrs.remedies,
      ...signalsOf(c, mine),
      v: 1,
      applied: toStored(desired),
      pendingSince: null,
    });
  }
  await Promise.all([retentionRecords().deleteMany({}), retentionRollups().deleteMany({})]);
  await bulkWriteInChunks(
    records.map((d): AnyBulkWriteOperation<RetentionRecordDoc> => ({ insertOne: { document: d } })),
    (chunk) => retentionRecords().bulkWrite(chunk, { ordered: false }),
    500,
  );
  const rollupOps = [...sums].map(([id, inc]) => {
    const first = id.indexOf('|');
    const last = id.lastIndexOf('|');
    const doc: Record<string, unknown> = {
      _id: id,
      dim: id.slice(0, first),
      key: id.slice(first + 1, last),
      day: Date.parse(`${id.slice(last + 1)}T00:00:00Z`),
    };
    for (const [k, n] of Object.entries(inc)) {
      const [head, cur] = k.split('.');
      if (cur) ((doc[head!] ??= {}) as Record<string, number>)[cur] = n;
      else doc[k] = n;
    }
    return { insertOne: { document: doc as { _id: string } } };
  });
  await bulkWriteInChunks(rollupOps, (chunk) => retentionRollups().bulkWrite(chunk, { ordered: false }));
  log(`retention: ${records.length} complaints, ${rollupOps.length} rollup documents`);
  return records.length;
}
