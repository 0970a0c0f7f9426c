import type { AnyBulkWriteOperation } from 'mongodb';
import { bulkWriteInChunks } from '../../platform/db/bulk';
import { foldNew } from './commands/orderIngester';
import { orderEvents, orderSummaries, orderTimeline, type OrderEventDoc, type OrderSummaryDoc } from './orders.collections';

/**
 * Recompute every order summary and timeline from the raw events (repair after a crash between an
 * event's insert and its increments; part of `npm run rollups:rebuild`). Stop the server first.
 * Stages and customer value follow at the next lifecycle sweep.
 */
export async function rebuildOrderRollups(log: (line: string) => void = () => undefined): Promise<number> {
  const events = (await orderEvents().find({}).toArray()) as OrderEventDoc[];
  const folded = foldNew(events);
  await Promise.all([orderSummaries().deleteMany({}), orderTimeline().deleteMany({})]);
  const at = new Date();
  const summaries = [...folded.summaries].map(([email, s]): OrderSummaryDoc => {
    const doc: Record<string, unknown> = { _id: email, updatedAt: at };
    for (const [k, v] of Object.entries(s.inc)) {
      const [head, cur] = k.split('.');
      if (cur) ((doc[head!] ??= {}) as Record<string, number>)[cur] = v;
      else doc[k] = v;
    }
    if (s.min !== null) doc.firstAt = new Date(s.min);
    if (s.max !== null) doc.lastAt = new Date(s.max);
    return doc as unknown as OrderSummaryDoc;
  });
  const ops = summaries.map((d): AnyBulkWriteOperation<OrderSummaryDoc> => ({ insertOne: { document: d } }));
  await bulkWriteInChunks(ops, (chunk) => orderSummaries().bulkWrite(chunk, { ordered: false }));
  const months = [...folded.months].map(([id, m]) => ({
    insertOne: { document: { _id: id, email: m.email, month: m.month, o: m.entries.sort((a, b) => a.t - b.t) } },
  }));
  await bulkWriteInChunks(months, (chunk) => orderTimeline().bulkWrite(chunk, { ordered: false }));
  log(`orders: ${events.length} events, ${summaries.length} customers`);
  return events.length;
}
