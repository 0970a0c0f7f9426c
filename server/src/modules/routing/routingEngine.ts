import { serverText, type Availability, type CustomerTier, type DissatisfactionKind, type ServerText, type Severity } from '@redress/shared';

/**
 * The routing engine: pure functions, no database and no transport, so every decision can be
 * unit-tested over a table of scenarios (routingEngine.test.ts). The assigner (commands/) feeds it
 * fresh data under a lock and stores what it decided and why.
 */

/** What routing needs to know about a complaint. */
export interface RoutableComplaint {
  id: string;
  category: string;
  language: string;
  severity: Severity;
  kind: DissatisfactionKind;
  customer: { tier: CustomerTier; lifetimeValue: number; priorComplaints: number };
  createdAt: Date;
}

/** What routing needs to know about an agent; `openCount` is counted fresh by the caller. */
export interface CandidateAgent {
  id: string;
  name: string;
  availability: Availability;
  capacity: number;
  openCount: number;
  skills: { categories: string[]; languages: string[] };
  lastAssignedAt: Date | null;
}

/** Weights of the priority score; exported so the console can explain a score. */
export const priorityWeights = {
  severity: { low: 10, medium: 25, high: 40, critical: 60 } satisfies Record<Severity, number>,
  tier: { MVC: 30, STC: 20, standard: 10, BZ: 0 } satisfies Record<CustomerTier, number>,
  /** Outcome failures (material loss) go before process failures of the same severity. */
  kind: { outcome: 8, process: 0 } satisfies Record<DissatisfactionKind, number>,
  /** Up to 10 points from lifetime value, on a log scale (1k -> 3, 10k -> 6, 100k+ -> 10). */
  lifetimeValueMax: 10,
  /** Per earlier complaint by the same customer, up to three. */
  perRepeat: 6,
  repeatMax: 3,
  /** Per 10 minutes waiting, up to 30 points, so nothing starves in the queue. */
  perTenMinutesWaiting: 1,
  waitingMax: 30,
};

export interface PriorityScore {
  score: number;
  parts: { severity: number; tier: number; kind: number; lifetimeValue: number; repeat: number; waiting: number };
}

function lifetimeValuePoints(ltv: number): number {
  if (ltv <= 0) return 0;
  const points = (Math.log10(Math.max(1, ltv)) - 2) * (priorityWeights.lifetimeValueMax / 3.3);
  return Math.round(Math.min(priorityWeights.lifetimeValueMax, Math.max(0, points)) * 10) / 10;
}

/**
 * The priority score of a complaint at `now`: severity, customer tier and lifetime value, kind
 * of dissatisfaction, repeat complaints, and time already waited.
 */
export function priorityScore(c: Omit<RoutableComplaint, 'id' | 'category' | 'language'>, now: Date): PriorityScore {
  const w = priorityWeights;
  const waitedMinutes = Math.max(0, (now.getTime() - c.createdAt.getTime()) / 60_000);
  const parts = {
    severity: w.severity[c.severity],
    tier: w.tier[c.customer.tier],
    kind: w.kind[c.kind],
    lifetimeValue: lifetimeValuePoints(c.customer.lifetimeValue),
    repeat: Math.min(w.repeatMax, c.customer.priorComplaints) * w.perRepeat,
    waiting: Math.min(w.waitingMax, Math.floor(waitedMinutes / 10) * w.perTenMinutesWaiting),
  };
  const score = Object.values(parts).reduce((a, b) => a + b, 0);
  return { score: Math.round(score * 10) / 10, parts };
}

/** Complaints in the order a queue drains: highest score first, then the longest waiting. */
export function queueOrder<T extends Omit<RoutableComplaint, 'category' | 'language'>>(items: T[], now: Date): T[] {
  return items
    .map((c) => ({ c, s: priorityScore(c, now).score }))
    .sort((a, b) => b.s - a.s || a.c.createdAt.getTime() - b.c.createdAt.getTime() || a.c.id.localeCompare(b.c.id))
    .map((x) => x.c);
}

/** An agent with no listed categories (or languages) is a generalist for them. */
export function hasSkills(a: CandidateAgent, c: Pick<RoutableComplaint, 'category' | 'language'>): boolean {
  const category = a.skills.categories.length === 0 || a.skills.categories.includes(c.category);
  const language = a.skills.languages.length === 0 || a.skills.languages.includes(c.language);
  return category && language;
}

/** Why an agent cannot take the complaint now, or null when they can. */
export function ineligibility(a: CandidateAgent, c: Pick<RoutableComplaint, 'category' | 'language'>): string | null {
  if (a.availability !== 'online') return `${a.availability}`;
  if (a.openCount >= a.capacity) return `at capacity (${a.openCount}/${a.capacity})`;
  if (!hasSkills(a, c)) return 'lacks the category or language skill';
  return null;
}

export interface RoutingChoice {
  agent: CandidateAgent;
  strategy: string;
  /** Plain words (English), stored on the complaint for mail, CSV and older data. */
  reason: string;
  /** The same as a code with parameters, which the console shows in the viewer's language. */
  reasonText: ServerText;
}

/** A routing strategy picks one of the eligible agents (never an ineligible one). */
export interface RoutingStrategy {
  name: string;
  label: string;
  choose(c: RoutableComplaint, eligible: CandidateAgent[]): { agent: CandidateAgent; why: string; whyText: ServerText } | null;
}

const idle = (a: CandidateAgent) => a.lastAssignedAt?.getTime() ?? 0;
const specialist = (a: CandidateAgent, c: RoutableComplaint) => (a.skills.categories.includes(c.category) ? 0 : 1);

/** Default: a specialist before a generalist, then least loaded, then longest idle. */
export const skillsAndLoad: RoutingStrategy = {
  name: 'skills_load',
  label: 'Skills and load',
  choose(c, eligible) {
    const ranked = [...eligible].sort(
      (a, b) =>
        specialist(a, c) - specialist(b, c) ||
        a.openCount / a.capacity - b.openCount / b.capacity ||
        a.openCount - b.openCount ||
        idle(a) - idle(b) ||
        a.id.localeCompare(b.id),
    );
    const agent = ranked[0];
    if (!agent) return null;
    const specialistIn = agent.skills.categories.includes(c.category) ? c.category : null;
    const skill = specialistIn ? `specialist in ${specialistIn}` : 'generalist';
    return {
      agent,
      why: `${skill}, least loaded (${agent.openCount}/${agent.capacity}) of ${eligible.length} eligible`,
      whyText: serverText('routing.skillsLoad', {
        agent: agent.name,
        specialistIn,
        open: agent.openCount,
        capacity: agent.capacity,
        eligible: eligible.length,
      }),
    };
  },
};

/** Round robin: the eligible agent who was given work longest ago. */
export const roundRobin: RoutingStrategy = {
  name: 'round_robin',
  label: 'Round robin',
  choose(_c, eligible) {
    const agent = [...eligible].sort((a, b) => idle(a) - idle(b) || a.id.localeCompare(b.id))[0];
    return agent
      ? {
          agent,
          why: `next in turn of ${eligible.length} eligible`,
          whyText: serverText('routing.roundRobin', { agent: agent.name, eligible: eligible.length }),
        }
      : null;
  },
};

export const routingStrategies: Record<string, RoutingStrategy> = { [skillsAndLoad.name]: skillsAndLoad, [roundRobin.name]: roundRobin };

/**
 * Choose the agent for a complaint, or null (the complaint waits in the queue). `exclude` keeps
 * out agents who handed it back.
 */
export function chooseAgent(
  c: RoutableComplaint,
  agents: CandidateAgent[],
  strategy: RoutingStrategy = skillsAndLoad,
  exclude: string[] = [],
): RoutingChoice | null {
  const eligible = agents.filter((a) => !exclude.includes(a.id) && ineligibility(a, c) === null);
  const picked = strategy.choose(c, eligible);
  if (!picked) return null;
  return { agent: picked.agent, strategy: strategy.name, reason: `${picked.agent.name}: ${picked.why}`, reasonText: picked.whyText };
}
