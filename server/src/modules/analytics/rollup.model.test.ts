import { partitionOf, partitionsBetween, periodStart } from './rollup.model';

const d = (iso: string) => new Date(iso);

describe('rollup time partitions', () => {
  it('puts hourly docs in UTC days, daily docs in months, weekly docs in the year of their Monday', () => {
    expect(partitionOf('hour', d('2026-12-31T23:00:00Z'))).toBe('20261231');
    expect(partitionOf('day', d('2026-12-31T00:00:00Z'))).toBe('202612');
    // The week of Thu 2027-01-01 starts on Mon 2026-12-28: it belongs to 2026.
    const week = periodStart(d('2027-01-01T12:00:00Z'), 'week');
    expect(week.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(partitionOf('week', week)).toBe('2026');
  });

  it('lists every partition a range of period starts touches, and no other', () => {
    expect(partitionsBetween('hour', d('2026-02-27T05:00:00Z'), d('2026-03-02T01:00:00Z'))).toEqual(['20260227', '20260228', '20260301', '20260302']);
    expect(partitionsBetween('hour', d('2026-02-27T05:00:00Z'), d('2026-03-02T00:00:00Z'))).toEqual(['20260227', '20260228', '20260301']);
    expect(partitionsBetween('day', d('2026-11-15T00:00:00Z'), d('2027-01-01T00:00:00Z'))).toEqual(['202611', '202612']);
    expect(partitionsBetween('week', d('2026-12-28T00:00:00Z'), d('2027-01-05T00:00:00Z'))).toEqual(['2026', '2027']);
  });
});
