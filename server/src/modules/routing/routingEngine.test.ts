import { chooseAgent, ineligibility, priorityScore, queueOrder, roundRobin, skillsAndLoad, type CandidateAgent, type RoutableComplaint } from './routingEngine';

const now = new Date('2026-03-02T10:00:00Z');

function complaint(over: Partial<Omit<RoutableComplaint, 'customer'>> & { customer?: Partial<RoutableComplaint['customer']> } = {}): RoutableComplaint {
  return {
    id: over.id ?? 'c1',
    category: over.category ?? 'delivery_delay',
    language: over.language ?? 'en',
    severity: over.severity ?? 'medium',
    kind: over.kind ?? 'outcome',
    createdAt: over.createdAt ?? now,
    customer: { tier: 'standard', lifetimeValue: 0, priorComplaints: 0, ...over.customer },
  };
}

function agent(id: string, over: Partial<CandidateAgent> = {}): CandidateAgent {
  return {
    id,
    name: over.name ?? id,
    availability: over.availability ?? 'online',
    capacity: over.capacity ?? 5,
    openCount: over.openCount ?? 0,
    skills: over.skills ?? { categories: [], languages: [] },
    lastAssignedAt: over.lastAssignedAt ?? null,
  };
}

const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('priorityScore', () => {
  it('adds severity, tier, kind, lifetime value, repeats and waiting (hand-worked)', () => {
    // high 40 + MVC 30 + outcome 8 + LTV 208,000 -> log10 = 5.318, (5.318-2)*10/3.3 = 10.05 -> capped 10
    // + 2 earlier complaints * 6 = 12 + waited 35 min -> 3 points = 103
    const s = priorityScore(
      complaint({ severity: 'high', createdAt: minutesAgo(35), customer: { tier: 'MVC', lifetimeValue: 208_000, priorComplaints: 2 } }),
      now,
    );
    expect(s.parts).toEqual({ severity: 40, tier: 30, kind: 8, lifetimeValue: 10, repeat: 12, waiting: 3 });
    expect(s.score).toBe(103);
  });

  it('puts outcome before process at equal severity', () => {
    const outcome = priorityScore(complaint({ kind: 'outcome' }), now).score;
    const process = priorityScore(complaint({ kind: 'process' }), now).score;
    expect(outcome).toBeGreaterThan(process);
  });

  it('ranks MVC > STC > standard > BZ for the same complaint', () => {
    const s = (tier: RoutableComplaint['customer']['tier']) => priorityScore(complaint({ customer: { tier } }), now).score;
    expect(s('MVC')).toBeGreaterThan(s('STC'));
    expect(s('STC')).toBeGreaterThan(s('standard'));
    expect(s('standard')).toBeGreaterThan(s('BZ'));
  });

  it('caps repeats at three and waiting at 30 points', () => {
    const s = priorityScore(complaint({ createdAt: minutesAgo(24 * 60), customer: { priorComplaints: 9 } }), now);
    expect(s.parts.repeat).toBe(18);
    expect(s.parts.waiting).toBe(30);
  });

  it('gives no lifetime-value points below 100 and about 3 at 1,000', () => {
    expect(priorityScore(complaint({ customer: { lifetimeValue: 50 } }), now).parts.lifetimeValue).toBe(0);
    expect(priorityScore(complaint({ customer: { lifetimeValue: 1_000 } }), now).parts.lifetimeValue).toBe(3);
  });
});

describe('queueOrder', () => {
  it('drains by score, then by age; waiting lifts old low-priority work over time', () => {
    const a = complaint({ id: 'a', severity: 'low', createdAt: minutesAgo(5) });
    const b = complaint({ id: 'b', severity: 'critical', createdAt: minutesAgo(1) });
    const c = complaint({ id: 'c', severity: 'low', createdAt: minutesAgo(6) });
    expect(queueOrder([a, b, c], now).map((x) => x.id)).toEqual(['b', 'c', 'a']);
    // Waited four hours: low (10) + 24 waiting beats medium (25) just filed.
    const old = complaint({ id: 'old', severity: 'low', createdAt: minutesAgo(240) });
    const fresh = complaint({ id: 'fresh', severity: 'medium', createdAt: now });
    expect(queueOrder([fresh, old], now).map((x) => x.id)).toEqual(['old', 'fresh']);
  });

  it('returns an empty queue unchanged', () => {
    expect(queueOrder([], now)).toEqual([]);
  });
});

describe('chooseAgent', () => {
  const scenarios: {
    name: string;
    c: RoutableComplaint;
    agents: CandidateAgent[];
    strategy?: typeof skillsAndLoad;
    exclude?: string[];
    expected: string | null;
  }[] = [
    { name: 'no agents: queue', c: complaint(), agents: [], expected: null },
    {
      name: 'only offline and away agents: queue',
      c: complaint(),
      agents: [agent('a', { availability: 'offline' }), agent('b', { availability: 'away' })],
      expected: null,
    },
    { name: 'all at capacity: queue', c: complaint(), agents: [agent('a', { capacity: 2, openCount: 2 }), agent('b', { capacity: 0 })], expected: null },
    {
      name: 'category skill required when the agent lists categories',
      c: complaint({ category: 'billing_overcharge' }),
      agents: [agent('delivery', { skills: { categories: ['delivery_delay'], languages: [] } })],
      expected: null,
    },
    {
      name: 'language skill: a Chinese complaint goes to the zh speaker even if busier',
      c: complaint({ language: 'zh' }),
      agents: [
        agent('en', { skills: { categories: [], languages: ['en'] } }),
        agent('zh', { openCount: 3, skills: { categories: [], languages: ['en', 'zh'] } }),
      ],
      expected: 'zh',
    },
    {
      name: 'specialist before generalist',
      c: complaint({ category: 'delivery_delay' }),
      agents: [agent('gen'), agent('spec', { openCount: 2, skills: { categories: ['delivery_delay'], languages: [] } })],
      expected: 'spec',
    },
    {
      name: 'least loaded by share of capacity',
      c: complaint(),
      agents: [agent('a', { capacity: 4, openCount: 2 }), agent('b', { capacity: 10, openCount: 3 })],
      expected: 'b',
    },
    {
      name: 'tie on load: longest idle wins',
      c: complaint(),
      agents: [agent('recent', { lastAssignedAt: minutesAgo(1) }), agent('idle', { lastAssignedAt: minutesAgo(30) })],
      expected: 'idle',
    },
    { name: 'tie on load, never assigned beats assigned', c: complaint(), agents: [agent('x', { lastAssignedAt: minutesAgo(30) }), agent('y')], expected: 'y' },
    { name: 'full tie: deterministic by id', c: complaint(), agents: [agent('b'), agent('a')], expected: 'a' },
    { name: 'excluded agent (handed back) is skipped', c: complaint(), agents: [agent('a'), agent('b', { openCount: 1 })], exclude: ['a'], expected: 'b' },
    {
      name: 'round robin ignores load and takes the next in turn',
      c: complaint(),
      strategy: roundRobin,
      agents: [agent('light', { lastAssignedAt: minutesAgo(1) }), agent('busy', { openCount: 4, lastAssignedAt: minutesAgo(20) })],
      expected: 'busy',
    },
    {
      name: 'round robin still respects capacity',
      c: complaint(),
      strategy: roundRobin,
      agents: [agent('full', { capacity: 1, openCount: 1 }), agent('free', { lastAssignedAt: now })],
      expected: 'free',
    },
  ];

  it.each(scenarios)('$name', ({ c, agents, strategy, exclude, expected }) => {
    const choice = chooseAgent(c, agents, strategy, exclude);
    expect(choice?.agent.id ?? null).toBe(expected);
    if (choice) {
      expect(choice.strategy).toBe((strategy ?? skillsAndLoad).name);
      expect(choice.reason).toContain(choice.agent.name);
    }
  });

  it('explains why an agent was not eligible', () => {
    expect(ineligibility(agent('a', { availability: 'away' }), complaint())).toBe('away');
    expect(ineligibility(agent('a', { capacity: 1, openCount: 1 }), complaint())).toBe('at capacity (1/1)');
    expect(ineligibility(agent('a', { skills: { categories: ['x'], languages: [] } }), complaint())).toMatch(/skill/);
    expect(ineligibility(agent('a'), complaint())).toBeNull();
  });
});
