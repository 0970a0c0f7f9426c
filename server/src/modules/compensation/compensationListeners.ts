import type { FeedSubscriber } from '../complaints/feed/feedDispatcher';
import { remedySuggester } from './commands/remedySuggester';

/**
 * Compensation on the change feed: evaluate the rules when a complaint is filed or categorised and
 * when an SLA target breaches (the breach raises money remedies). The suggester is idempotent (one
 * remedy per type per complaint), so a repeated change is harmless; one evaluation per batch.
 */
export const compensationProcessor: FeedSubscriber = {
  name: 'compensation',
  accepts: (ch) => ch.type === 'filed' || ch.type === 'categorised' || (ch.type === 'sla_alert' && ch.kind === 'breach'),
  async handle(changes) {
    const last = changes[changes.length - 1]!;
    const trigger = last.type === 'sla_alert' ? 'sla_breached' : last.type === 'categorised' ? 'categorised' : 'filed';
    await remedySuggester({ complaintId: last.complaintId, trigger });
  },
};
