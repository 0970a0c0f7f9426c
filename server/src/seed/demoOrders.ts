/**
 * Demo orders and older demo complaints for measured retention and the at-risk list: eight months
 * of labelled orders ("DEMO-" order ids) for the demo customers, and demo complaints resolved 35 to
 * 200 days ago ("Demo retention history:" subjects), so a first start shows retention measured over
 * matured 30/90-day windows. Customers whose complaint was handled quickly mostly keep ordering;
 * slow handling loses more of them (the domain notes' curve, roughly). Some stop ordering without a
 * complaint, so the early-warning list shows declining rhythms too.
 */
import { Types } from 'mongoose';
import { defaultCategories, seededRandom, type PriorityLevel, type Severity } from '@redress/shared';
import { Customer } from '../modules/customers/customer.model';
import { Complaint } from '../modules/complaints/complaint.model';
import { nextComplaintReference } from '../modules/complaints/counter.model';
import { importComplaintHistory } from '../modules/complaints/feed/complaintWriter';
import { orderIngester, type RawOrderRow } from '../modules/orders/commands/orderIngester';
import { rebuildRetention } from '../modules/analytics/retentionRebuild';
import { rebuildRollups } from '../modules/analytics/rebuild';
import type { HistoryAgent } from './demoHistory';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ORDER_DAYS = 240;
const priorityOf: Record<Severity, PriorityLevel> = { critical: 'urgent', high: 'high', medium: 'normal', low: 'low' };

export interface DemoOrdersProps {
  now: Date;
  teamFor(category: string): { teamId: Types.ObjectId; agents: HistoryAgent[] };
  /** Extra customers (email) beyond the demo history customers, e.g. the named demo customers; `declining` ones stop ordering 60-90 days ago. */
  named: { email: string; declining?: boolean }[];
  complaints?: number;
}

/** Returns how many order events were stored (0 when the demo orders are already there). */
export async function seedDemoOrders(p: DemoOrdersProps): Promise<number> {
  if (await Complaint.exists({ subject: /^Demo retention history/ })) return 0;
  const r = seededRandom(20261203);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const now = p.now.getTime();
  const history = await Customer.find(
    { email: /^history-\d+@example\.com$/ },
    { email: 1, name: 1, tier: 1, lifetimeValue: 1, lifecycleStage: 1, averageOrderValue: 1 },
  ).lean();
  const named = await Customer.find(
    { email: { $in: p.named.map((n) => n.email) } },
    { email: 1, name: 1, tier: 1, lifetimeValue: 1, lifecycleStage: 1, averageOrderValue: 1 },
  ).lean();
  const customers = [...history, ...named];

  // Older complaints, resolved quickly (within hours) or late (days), 35-200 days ago.
  const stopAt = new Map<string, number>();
  const complaints = [];
  const count = p.complaints ?? 110;
  for (let i = 0; i < count; i++) {
    const c = pick(history);
    // Resolved (and closed) before the dashboard's default 30 days, so its figures stay those of the four-week history.
    const createdAt = new Date(now - (45 + r() * 155) * DAY);
    const category = pick(defaultCategories);
    const { teamId, agents } = p.teamFor(category.key);
    const agent = pick(agents);
    const quick = r() < 0.6;
    const resolvedAt = new Date(createdAt.getTime() + (quick ? HOUR + r() * 5 * HOUR : (4 + r() * 6) * DAY));
    // Whether this customer orders again: mostly after quick handling, less after slow.
    if (r() > (quick ? 0.82 : 0.5)) stopAt.set(c.email, Math.min(stopAt.get(c.email) ?? Infinity, resolvedAt.getTime()));
    complaints.push({
      _id: new Types.ObjectId(),
      reference: await nextComplaintReference(createdAt),
      customerId: c._id,
      customer: { name: c.name, email: c.email, tier: c.tier, lifetimeValue: c.lifetimeValue, lifecycleStage: c.lifecycleStage, priorComplaints: 0 },
      channel: r() < 0.7 ? 'web' : 'email',
      category: category.key,
      rootCause: category.rootCause,
      kind: category.kind,
      severity: category.defaultSeverity,
      subject: `Demo retention history: ${category.label.en}`,
      description: `Demo retention history complaint about ${category.label.en.toLowerCase()}, generated for the measured-retention card.`,
      language: 'en',
      status: 'closed',
      priority: priorityOf[category.defaultSeverity],
      teamId,
      assigneeId: agent?.id ?? null,
      assigneeName: agent?.name ?? null,
      assignedAt: new Date(createdAt.getTime() + 60_000),
      assignment: { strategy: 'demo', reason: 'Demo retention history', at: createdAt, by: 'demo' },
      firstResponseAt: new Date(createdAt.getTime() + 30 * 60_000),
      resolvedAt,
      closedAt: new Date(resolvedAt.getTime() + 3 * DAY),
      reopenCount: 0,
      createdAt,
      updatedAt: new Date(resolvedAt.getTime() + 3 * DAY),
    });
  }
  await importComplaintHistory(complaints);

  // Orders: each customer on their own rhythm for eight months, until they stop (if they do).
  for (const n of p.named) if (n.declining) stopAt.set(n.email, now - (60 + r() * 30) * DAY);
  const rows: RawOrderRow[] = [];
  customers.forEach((c, ci) => {
    const gap = (5 + r() * 25) * DAY;
    const aov = Math.max(10, c.averageOrderValue || 40);
    const stop = stopAt.get(c.email) ?? (r() < 0.1 ? now - (50 + r() * 40) * DAY : now);
    for (let at = now - ORDER_DAYS * DAY + r() * gap, k = 0; at < Math.min(stop, now); at += gap * (0.6 + r() * 0.8), k++) {
      const orderId = `DEMO-${String(ci).padStart(3, '0')}-${String(k).padStart(3, '0')}`;
      const amount = Math.round(aov * (0.5 + r()) * 100) / 100;
      rows.push({ row: rows.length, data: { email: c.email, orderId, kind: 'placed', amount, currency: 'EUR', at: new Date(at).toISOString() } });
      if (r() < 0.04)
        rows.push({
          row: rows.length,
          data: {
            email: c.email,
            orderId,
            kind: 'refunded',
            amount: Math.round(amount * 30) / 100,
            currency: 'EUR',
            at: new Date(Math.min(now, at + 5 * DAY)).toISOString(),
          },
        });
    }
  });
  let stored = 0;
  for (let i = 0; i < rows.length; i += 1000) stored += (await orderIngester({ rows: rows.slice(i, i + 1000), at: p.now, syncRetention: false })).inserted;
  // History complaints come without the change feed: their rollups and retention records are rebuilt.
  await rebuildRollups();
  await rebuildRetention();
  return stored;
}
