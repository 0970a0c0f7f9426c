/**
 * The supervisors' early-warning list (GET /api/metrics/at-risk): customers with a reason to fear
 * they will not buy again: a declining order rhythm (lifecycle stage `decline` at read time), an
 * open complaint, a complaint closed unresolved in the last 30 days, a breached SLA (open, or on a
 * complaint of the last 30 days), a declined remedy in the last 30 days. Value at stake: the
 * customer's lifetime value. Reads the retention records with a signal and the order summaries in
 * decline (small sets), never complaints or order events.
 */
import {
  DAY_MS,
  lifecycleStageFor,
  type AtRiskCustomerView,
  type AtRiskReason,
  type AtRiskView,
  type CustomerTier,
  type LifecycleStage,
} from '@redress/shared';
import { Customer } from '../customers/customer.model';
import { rhythmOf } from '../orders/commands/customerOrderValue';
import { orderSummaries, type OrderSummaryDoc } from '../orders/orders.collections';
import { usualGapMs } from '@redress/shared';
import { retentionRecords, type RetentionRecordDoc } from './retentionRecorder';

const RECENT_MS = 30 * DAY_MS;

/** Customers at risk as of `now`, most reasons and highest value first. */
export async function buildAtRisk(now: Date, limit = 100): Promise<AtRiskView> {
  const nowMs = now.getTime();
  const [records, declining] = await Promise.all([
    retentionRecords()
      .find({ riskSignal: true }, { projection: { applied: 0 } })
      .toArray(),
    orderSummaries().find({ stage: 'decline' }).toArray(),
  ]);
  const byEmail = new Map<string, RetentionRecordDoc[]>();
  for (const r of records) byEmail.set(r.email, [...(byEmail.get(r.email) ?? []), r]);
  const summaries = new Map<string, OrderSummaryDoc>(declining.map((s) => [s._id, s]));
  const missing = [...byEmail.keys()].filter((e) => !summaries.has(e));
  if (missing.length)
    for (const s of await orderSummaries()
      .find({ _id: { $in: missing } })
      .toArray())
      summaries.set(s._id, s);
  const emails = [...new Set([...byEmail.keys(), ...summaries.keys()])];
  if (emails.length === 0) return { asOf: now.toISOString(), items: [] };
  const customers = await Customer.find({ email: { $in: emails } }, { email: 1, name: 1, tier: 1, lifecycleStage: 1, lifetimeValue: 1 }).lean<
    { _id: unknown; email: string; name: string; tier: CustomerTier; lifecycleStage: LifecycleStage; lifetimeValue: number }[]
  >();
  const items: AtRiskCustomerView[] = [];
  for (const c of customers) {
    const recs = byEmail.get(c.email) ?? [];
    const s = summaries.get(c.email);
    const rhythm = s ? rhythmOf(s) : null;
    const reasons: AtRiskReason[] = [];
    if (rhythm && lifecycleStageFor(rhythm, nowMs) === 'decline') reasons.push('declining_rhythm');
    if (recs.some((r) => r.open)) reasons.push('open_complaint');
    if (recs.some((r) => r.unresolvedClosedAt && nowMs - r.unresolvedClosedAt.getTime() <= RECENT_MS)) reasons.push('recently_unresolved');
    if (recs.some((r) => r.breached && (r.open || nowMs - r.anchorAt.getTime() <= RECENT_MS))) reasons.push('sla_breached');
    if (recs.some((r) => r.remedyFailedAt && nowMs - r.remedyFailedAt.getTime() <= RECENT_MS)) reasons.push('remedy_failed');
    if (reasons.length === 0) continue;
    const latest = [...recs].sort((a, b) => Number(b.open) - Number(a.open) || b.anchorAt.getTime() - a.anchorAt.getTime())[0];
    const gap = rhythm ? usualGapMs(rhythm) : null;
    items.push({
      customerId: String(c._id),
      name: c.name,
      email: c.email,
      tier: c.tier,
      lifecycleStage: rhythm ? lifecycleStageFor(rhythm, nowMs) : c.lifecycleStage,
      valueAtStake: c.lifetimeValue ?? 0,
      reasons,
      complaint: latest ? { id: String(latest._id), reference: latest.reference } : null,
      lastOrderAt: rhythm?.lastAt ? new Date(rhythm.lastAt).toISOString() : null,
      daysSinceLastOrder: rhythm?.lastAt ? Math.max(0, Math.floor((nowMs - rhythm.lastAt) / DAY_MS)) : null,
      usualGapDays: gap === null ? null : Math.round(gap / DAY_MS),
    });
  }
  items.sort((a, b) => b.reasons.length - a.reasons.length || b.valueAtStake - a.valueAtStake || a.email.localeCompare(b.email));
  return { asOf: now.toISOString(), items: items.slice(0, limit) };
}
