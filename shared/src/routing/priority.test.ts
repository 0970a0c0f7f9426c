import { derivedPriority, priorityForScore } from './priority';

describe('priority from the routing score', () => {
  it.each([
    [0, 'low'],
    [34.9, 'low'],
    [35, 'normal'],
    [64.9, 'normal'],
    [65, 'high'],
    [86.5, 'high'],
    [90, 'urgent'],
    [150, 'urgent'],
  ] as const)('%s -> %s', (score, level) => {
    expect(priorityForScore(score)).toBe(level);
  });

  it('keeps a staff choice, never lowers an SLA raise, and reports no change as null', () => {
    expect(derivedPriority('normal', 'filed', 86.5)).toBe('high');
    expect(derivedPriority('high', 'routing', 40)).toBe('normal');
    expect(derivedPriority('high', 'routing', 70)).toBeNull();
    expect(derivedPriority('low', 'staff', 95)).toBeNull();
    expect(derivedPriority('urgent', 'sla', 40)).toBeNull();
    expect(derivedPriority('normal', 'sla', 95)).toBe('urgent');
  });
});
