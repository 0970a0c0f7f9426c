import { Types } from 'mongoose';
import { defaultCategories, lifecycleStages, lifetimeValue, seededRandom, tierFor, type PriorityLevel, type Severity } from '@redress/shared';
import { Customer } from '../modules/customers/customer.model';
import { Complaint } from '../modules/complaints/complaint.model';
import { ComplaintEvent } from '../modules/complaints/complaintEvent.model';
import { nextComplaintReference } from '../modules/complaints/counter.model';
import { importComplaintHistory } from '../modules/complaints/feed/complaintWriter';
import { rebuildRollups } from '../modules/analytics/rebuild';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 28;
const HISTORY_CUSTOMERS = 40;
const historyEmail = (n: number) => `history-${String(n).padStart(2, '0')}@example.com`;

export interface HistoryAgent {
  id: Types.ObjectId;
  name: string;
}

export interface DemoHistoryProps {
  now: Date;
  /** The team that handles a category, and its agents. */
  teamFor(category: string): { teamId: Types.ObjectId; agents: HistoryAgent[] };
  count?: number;
  /** Rebuild the rollups afterwards (default); the demo seed does it once, after the demo orders too. */
  rebuild?: boolean;
}

const priorityOf: Record<Severity, PriorityLevel> = { critical: 'urgent', high: 'high', medium: 'normal', low: 'low' };

/**
 * Four weeks of closed and resolved complaints, labelled "Demo history" in every subject and
 * customer name, so a first start shows the supervisor dashboard with series, percentiles and
 * CSAT. Written as the commands would have left them (complaint and timeline), without mail,
 * SLA clocks or routing; then the rollups are rebuilt from the complaints, as
 * `npm run rollups:rebuild` does. Returns how many complaints it wrote (0 when already there).
 */
export async function seedDemoHistory(p: DemoHistoryProps): Promise<number> {
  if (await Complaint.exists({ 'customer.email': historyEmail(1) })) return 0;
  // Seeded: every first start shows the same demo history.
  const r = seededRandom(20261202);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

  const customers = [];
  for (let n = 1; n <= HISTORY_CUSTOMERS; n++) {
    const value = { averageOrderValue: Math.round(20 + r() * 180), ordersPerYear: Math.round(2 + r() * 30), yearsAsCustomer: Math.round(1 + r() * 9) };
    const ltv = lifetimeValue(value);
    const fields = {
      name: `Demo history customer ${String(n).padStart(2, '0')}`,
      ...value,
      lifetimeValue: ltv,
      tier: tierFor(ltv),
      lifecycleStage: pick(lifecycleStages.slice(0, 4)),
      valueImportedAt: p.now,
    };
    const doc = await Customer.findOneAndUpdate({ email: historyEmail(n) }, { $set: fields }, { upsert: true, new: true });
    customers.push({ id: doc._id, email: historyEmail(n), ...fields });
  }

  const count = p.count ?? 180;
  const start = p.now.getTime() - HISTORY_DAYS * DAY;
  const priorByCustomer = new Map<string, number>();
  const complaints = [];
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(start + ((i + r()) / count) * (HISTORY_DAYS - 1) * DAY);
    const category = pick(defaultCategories);
    const { teamId, agents } = p.teamFor(category.key);
    const agent = pick(agents);
    const customer = pick(customers);
    const prior = priorByCustomer.get(customer.email) ?? 0;
    priorByCustomer.set(customer.email, prior + 1);
    const firstResponseAt = new Date(createdAt.getTime() + (10 + Math.exp(r() * 6)) * 60_000);
    // Most within hours; about one in eight drags on for days, past the resolution target.
    const takes = r() < 0.12 ? (3 + r() * 3) * DAY : Math.exp(r() * 11.5) * 1000 + HOUR;
    const resolvedAt = new Date(Math.min(firstResponseAt.getTime() + takes, p.now.getTime() - HOUR));
    const closedAt = resolvedAt.getTime() + 3 * DAY < p.now.getTime() ? new Date(resolvedAt.getTime() + 3 * DAY) : null;
    const quick = resolvedAt.getTime() - createdAt.getTime() < DAY;
    const csat =
      r() < 0.55 ? { score: Math.min(5, (quick ? 4 : 2) + Math.floor(r() * 2.5)), comment: '', at: new Date(resolvedAt.getTime() + 2 * HOUR) } : null;
    const id = new Types.ObjectId();
    const actorStaff = { kind: 'staff' as const, id: String(agent.id), name: agent.name };
    const actorCustomer = { kind: 'customer' as const, id: String(customer.id), name: customer.name };
    const channel = r() < 0.6 ? 'web' : r() < 0.9 ? 'email' : 'api';
    complaints.push({
      _id: id,
      reference: await nextComplaintReference(createdAt),
      customerId: customer.id,
      customer: {
        name: customer.name,
        email: customer.email,
        tier: customer.tier,
        lifetimeValue: customer.lifetimeValue,
        lifecycleStage: customer.lifecycleStage,
        priorComplaints: prior,
      },
      channel,
      category: category.key,
      rootCause: category.rootCause,
      kind: category.kind,
      severity: category.defaultSeverity,
      subject: `Demo history: ${category.label.en}`,
      description: `Demo history complaint about ${category.label.en.toLowerCase()}, generated for the demo dashboard.`,
      language: r() < 0.15 ? 'zh' : 'en',
      status: closedAt ? 'closed' : 'resolved',
      priority: priorityOf[category.defaultSeverity],
      teamId,
      assigneeId: agent.id,
      assigneeName: agent.name,
      assignedAt: new Date(createdAt.getTime() + 60_000),
      assignment: { strategy: 'demo', reason: 'Demo history', at: createdAt, by: 'demo' },
      firstResponseAt,
      resolvedAt,
      closedAt,
      reopenCount: r() < 0.04 ? 1 : 0,
      lastStaffMessageAt: firstResponseAt,
      csat,
      createdAt,
      updatedAt: csat?.at ?? closedAt ?? resolvedAt,
    });
    const event = (key: string, fields: Record<string, unknown>) =>
      events.push({ complaintId: id, visibility: 'public', body: '', data: {}, channel: null, dedupeKey: `demo-history:${i}:${key}`, ...fields });
    event('created', {
      type: 'created',
      actor: actorCustomer,
      body: complaints[i]!.description,
      data: { category: category.key, channel },
      channel,
      at: createdAt,
    });
    event('reply', { type: 'message', actor: actorStaff, body: 'Demo history: we are sorry, and we are on it.', channel: 'email', at: firstResponseAt });
    event('resolved', { type: 'status_changed', actor: actorStaff, data: { from: 'in_progress', to: 'resolved' }, at: resolvedAt });
    if (closedAt)
      event('closed', { type: 'status_changed', actor: { kind: 'system', id: null, name: 'Redress' }, data: { from: 'resolved', to: 'closed' }, at: closedAt });
    if (csat) event('csat', { type: 'csat', actor: actorCustomer, data: { score: csat.score }, at: csat.at });
  }
  await importComplaintHistory(complaints);
  await ComplaintEvent.insertMany(events);
  // The customers' stored counters (filing reads them for "earlier complaints"), as filing keeps them.
  for (const c of customers) {
    const mine = complaints.filter((k) => k.customerId === c.id);
    if (mine.length === 0) continue;
    const last = mine.reduce((a, k) => (k.createdAt > a ? k.createdAt : a), mine[0]!.createdAt);
    await Customer.updateOne({ _id: c.id }, { $set: { complaintCount: mine.length, lastComplaintAt: last } });
  }
  if (p.rebuild !== false) await rebuildRollups();
  return complaints.length;
}
