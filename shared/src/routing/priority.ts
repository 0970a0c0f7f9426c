import { priorityLevels, type PriorityLevel } from '../complaints/lifecycle';

/**
 * The displayed priority of a complaint, derived from its routing priority score
 * (server/src/modules/routing/routingEngine.ts `priorityScore`: severity 10-60, tier 0-30, kind
 * 0-8, lifetime value 0-10, repeat complaints 0-18, waiting 0-30). Lowest score of each level:
 *
 *   urgent  >= 90   e.g. a critical outcome failure of an MVC customer (60+30+8+...)
 *   high    >= 65   e.g. a critical complaint of a standard customer (73), or a high-severity one
 *                   of an MVC customer (86.5)
 *   normal  >= 35   e.g. a medium-severity complaint of a standard customer (38)
 *   low     <  35   e.g. a low-severity complaint, or a medium one of a BZ customer
 *
 * Waiting time counts until the first staff response (an unanswered complaint rises about one
 * point per 10 minutes, at most 30), so a complaint left waiting moves up a level.
 */
export const priorityThresholds = { urgent: 90, high: 65, normal: 35 } as const satisfies Record<Exclude<PriorityLevel, 'low'>, number>;

/** The priority level for a routing score (see priorityThresholds). */
export function priorityForScore(score: number): PriorityLevel {
  if (score >= priorityThresholds.urgent) return 'urgent';
  if (score >= priorityThresholds.high) return 'high';
  if (score >= priorityThresholds.normal) return 'normal';
  return 'low';
}

/**
 * Who set a complaint's priority: `filed` (the default at filing), `routing` (derived from the
 * score), `sla` (an SLA policy raised it: routing may raise it further, never lower it) or `staff`
 * (set by hand: routing leaves it alone).
 */
export const prioritySources = ['filed', 'routing', 'sla', 'staff'] as const;
export type PrioritySource = (typeof prioritySources)[number];

/**
 * The level routing should store, or null to leave the current one: a staff choice stands; after an
 * SLA raise only a higher level is taken.
 */
export function derivedPriority(current: PriorityLevel, source: PrioritySource | undefined, score: number): PriorityLevel | null {
  const next = priorityForScore(score);
  if (next === current || source === 'staff') return null;
  if (source === 'sla' && priorityLevels.indexOf(next) < priorityLevels.indexOf(current)) return null;
  return next;
}
