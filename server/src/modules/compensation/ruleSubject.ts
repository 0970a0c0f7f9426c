import type { ComplaintFields } from '../complaints/complaint.types';
import type { RuleSubject } from './ruleEvaluator';

const HOUR_MS = 3_600_000;

/**
 * The facts compensation rules look at, read from a complaint. The SLA outcome is read
 * defensively (complaints filed before SLA policies existed have no `sla`): a breach of either the
 * first-response or the resolution target counts as "handled late", and the larger overrun is used.
 */
export function subjectFor(
  c: Pick<ComplaintFields, 'category' | 'rootCause' | 'kind' | 'severity' | 'amount' | 'currency' | 'customer' | 'sla' | 'resolvedAt' | 'createdAt'>,
): RuleSubject {
  const outcome = c.sla?.outcome;
  const breached = outcome?.resolution === 'breached' || outcome?.firstResponse === 'breached';
  const overrunMs = Math.max(outcome?.resolutionBreachedByMs ?? 0, outcome?.firstResponseBreachedByMs ?? 0);
  return {
    category: c.category,
    rootCause: c.rootCause,
    kind: c.kind,
    severity: c.severity,
    orderAmount: typeof c.amount === 'number' ? c.amount : null,
    currency: c.currency ?? null,
    customerTier: c.customer.tier,
    lifetimeValue: c.customer.lifetimeValue ?? 0,
    lifecycleStage: c.customer.lifecycleStage,
    repeatCount: (c.customer.priorComplaints ?? 0) + 1,
    slaBreached: breached,
    breachMinutes: breached ? Math.floor(overrunMs / 60_000) : 0,
    resolutionHours: c.resolvedAt ? Math.max(0, (c.resolvedAt.getTime() - c.createdAt.getTime()) / HOUR_MS) : null,
  };
}
