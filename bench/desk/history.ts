/**
 * A desk's history loaded straight into the database as the commands would have left it: N
 * complaints over the last year (all resolved or closed; the open work is filed live by the bench),
 * their customers (about one per three complaints), timeline events (filed, reply, resolved, closed,
 * CSAT), remedies for one in six, settled SLA timers, then the rollups rebuilt from the complaints as
 * `npm run rollups:rebuild` does. Labelled: subjects and names start with "Bench history".
 */
import { Types } from 'mongoose';
import { defaultCategories, lifetimeValue, seededRandom, tierFor, type PriorityLevel, type Severity } from '@redress/shared';
import { Customer, customerIdFor } from '../../server/src/modules/customers/customer.model';
import { ComplaintEvent } from '../../server/src/modules/complaints/complaintEvent.model';
import { importComplaintHistory } from '../../server/src/modules/complaints/feed/complaintWriter';
import { Remedy } from '../../server/src/modules/compensation/compensation.models';
import { SlaTimer } from '../../server/src/modules/sla/slaTimer.model';
import { rebuildRollups } from '../../server/src/modules/analytics/rebuild';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 2_000;
const priorityOf: Record<Severity, PriorityLevel> = { critical: 'urgent', high: 'high', medium: 'normal', low: 'low' };

export interface HistoryTeam {
  teamId: Types.ObjectId;
  agents: { id: Types.ObjectId; name: string }[];
}

/** Adds complaints numbered from..to-1 (so a bigger history extends a smaller one). */
export async function loadHistory(from: number, to: number, now: Date, teamFor: (category: string) => HistoryTeam, log: (line: string) => void): Promise<void> {
  const t0 = Date.now();
  const r = seededRandom(20261203 + from);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  for (let start = from; start < to; start += BATCH) {
    const end = Math.min(to, start + BATCH);
    const complaints: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const remedies: Record<string, unknown>[] = [];
    const timers: Record<string, unknown>[] = [];
    const customers = new Map<string, Record<string, unknown>>();
    for (let i = start; i < end; i++) {
      const createdAt = new Date(now.getTime() - 365 * DAY + (i / to) * 364 * DAY);
      const category = pick(defaultCategories);
      const { teamId, agents } = teamFor(category.key);
      const agent = pick(agents);
      const email = `bench-${Math.floor(i / 3)}@history.example`;
      const value = { averageOrderValue: Math.round(20 + r() * 180), ordersPerYear: Math.round(2 + r() * 30), yearsAsCustomer: Math.round(1 + r() * 9) };
      const ltv = lifetimeValue(value);
      const customer = {
        _id: customerIdFor(email),
        email,
        name: `Bench history customer ${Math.floor(i / 3)}`,
        ...value,
        lifetimeValue: ltv,
        tier: tierFor(ltv),
      };
      customers.set(email, customer);
      const firstResponseAt = new Date(createdAt.getTime() + (10 + Math.exp(r() * 6)) * 60_000);
      const resolvedAt = new Date(firstResponseAt.getTime() + (r() < 0.12 ? (3 + r() * 3) * DAY : Math.exp(r() * 11.5) * 1000 + HOUR));
      const closedAt = new Date(resolvedAt.getTime() + 3 * DAY);
      const csat = r() < 0.5 ? { score: 1 + Math.floor(r() * 5), comment: '', at: new Date(resolvedAt.getTime() + 2 * HOUR) } : null;
      const id = new Types.ObjectId();
      const reference = `BH-${String(i).padStart(7, '0')}`;
      const description = `Bench history complaint ${i} about ${category.label.en.toLowerCase()}. ${'The parcel was late and nobody answered my emails. '.repeat(4)}`;
      complaints.push({
        _id: id,
        reference,
        customerId: customer._id,
        customer: { name: customer.name, email, tier: customer.tier, lifetimeValue: ltv, lifecycleStage: 'build_up', priorComplaints: i % 3 },
        channel: r() < 0.6 ? 'web' : 'email',
        category: category.key,
        rootCause: category.rootCause,
        kind: category.kind,
        severity: category.defaultSeverity,
        subject: `Bench history: ${category.label.en}`,
        description,
        language: r() < 0.15 ? 'zh' : 'en',
        status: closedAt < now ? 'closed' : 'resolved',
        priority: priorityOf[category.defaultSeverity],
        teamId,
        assigneeId: agent.id,
        assigneeName: agent.name,
        assignedAt: new Date(createdAt.getTime() + 60_000),
        assignment: { strategy: 'bench', reason: 'Bench history', at: createdAt, by: 'bench' },
        firstResponseAt,
        resolvedAt,
        closedAt: closedAt < now ? closedAt : null,
        reopenCount: 0,
        lastStaffMessageAt: firstResponseAt,
        csat,
        createdAt,
        updatedAt: csat?.at ?? resolvedAt,
      });
      const staff = { kind: 'staff', id: String(agent.id), name: agent.name };
      const event = (key: string, fields: Record<string, unknown>) =>
        events.push({ complaintId: id, visibility: 'public', body: '', data: {}, channel: null, dedupeKey: `bench:${i}:${key}`, ...fields });
      event('created', { type: 'created', actor: { kind: 'customer', id: customer._id, name: customer.name }, body: description, at: createdAt });
      event('reply', { type: 'message', actor: staff, body: 'We are sorry; we are on it.', channel: 'email', at: firstResponseAt });
      event('resolved', { type: 'status_changed', actor: staff, data: { from: 'in_progress', to: 'resolved' }, at: resolvedAt });
      if (csat) event('csat', { type: 'csat', actor: { kind: 'customer', id: customer._id, name: customer.name }, data: { score: csat.score }, at: csat.at });
      for (const clock of ['firstResponse', 'resolution'] as const)
        for (const kind of ['warn', 'breach'] as const)
          timers.push({
            complaintId: id,
            clock,
            kind,
            dueAt: new Date(createdAt.getTime() + (clock === 'firstResponse' ? 4 : 48) * HOUR),
            generation: 1,
            createdAt,
          });
      if (i % 6 === 0) {
        const type = pick(['apology', 'voucher', 'refund'] as const);
        remedies.push({
          complaintId: id,
          reference,
          dedupeKey: `${id}:${type}`,
          type,
          status: 'issued',
          amount: type === 'apology' ? 0 : 10 + Math.round(r() * 40),
          suggestedAmount: 10,
          currency: type === 'apology' ? null : 'EUR',
          ruleKey: 'bench',
          ruleVersion: 1,
          reason: 'Bench history',
          trigger: 'filed',
          teamId,
          category: category.key,
          issuedAt: firstResponseAt,
          createdAt: firstResponseAt,
          updatedAt: firstResponseAt,
        });
      }
    }
    await Promise.all([
      Customer.collection.bulkWrite(
        [...customers.values()].map((c) => ({ replaceOne: { filter: { _id: c._id }, replacement: c, upsert: true } })),
        { ordered: false },
      ),
      importComplaintHistory(complaints),
      ComplaintEvent.collection.insertMany(events, { ordered: false }),
      remedies.length ? Remedy.collection.insertMany(remedies, { ordered: false }) : null,
      SlaTimer.collection.insertMany(timers, { ordered: false }),
    ]);
  }
  const t1 = Date.now();
  await rebuildRollups();
  log(`  (history ${from}..${to}: documents written in ${((t1 - t0) / 1000).toFixed(0)} s, rollups rebuilt in ${((Date.now() - t1) / 1000).toFixed(0)} s)\n`);
}
