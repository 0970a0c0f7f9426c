import { cannedReplies, fillPlaceholders, findUnfilledPlaceholders, placeholderNames } from './cannedReplies';
import { formatDueTime } from './duePromise';

describe('fillPlaceholders', () => {
  it('fills known values and marks the rest for the agent', () => {
    expect(fillPlaceholders('Hi {{customer.name}}, {{ reference }} {{question}}', { 'customer.name': 'Ana', reference: 'C-2026-000001', question: '' })).toBe(
      'Hi Ana, C-2026-000001 [question]',
    );
  });

  it('ships every template in English and Chinese, apologising first', () => {
    for (const r of cannedReplies) {
      expect(r.body.en).toMatch(/sorry/i);
      expect(r.body.zh).toMatch(/歉/);
      expect(fillPlaceholders(r.body.en, { 'customer.name': 'Ana', 'agent.name': 'Li' })).toContain('Ana');
    }
  });
});

describe('findUnfilledPlaceholders', () => {
  it("finds template placeholders and fillPlaceholders' leftovers, with their place", () => {
    const text = fillPlaceholders(cannedReplies[1]!.body.en, { 'customer.name': 'Ana', 'agent.name': 'Li', orderRef: 'ORD-1' });
    const left = findUnfilledPlaceholders(text);
    expect(left.map((p) => p.name)).toEqual(['question']);
    expect(text.slice(left[0]!.start, left[0]!.end)).toBe('[question]');
    expect(findUnfilledPlaceholders('by {{ dueDate }} and {{anything.else}}').map((p) => p.text)).toEqual(['{{ dueDate }}', '{{anything.else}}']);
  });

  it('leaves ordinary brackets alone', () => {
    expect(findUnfilledPlaceholders('See [1], clause [3.2] and [sic]; [Refund] is done.')).toEqual([]);
  });

  it('knows every placeholder the canned replies use', () => {
    expect([...placeholderNames].sort()).toEqual(['agent.name', 'customer.name', 'dueDate', 'orderRef', 'question', 'reference', 'remedy']);
  });
});

describe('formatDueTime', () => {
  it("writes the due time in the customer's language and zone", () => {
    const at = '2026-12-04T17:00:00.000Z';
    expect(formatDueTime(at, 'en', 'Europe/London')).toBe('Friday, 4 December 2026 at 17:00 (GMT)');
    expect(formatDueTime(at, 'zh', 'Asia/Shanghai')).toBe('2026年12月5日星期六 01:00（GMT+8）');
    expect(formatDueTime(at, 'en', 'Not/AZone')).toContain('(UTC)');
  });
});
