import { cannedReplies, fillPlaceholders } from './cannedReplies';

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
