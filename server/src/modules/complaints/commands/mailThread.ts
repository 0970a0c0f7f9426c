import { OutboxMail } from '../../notifications/outbox.model';
import type { LeanComplaint } from '../feed/complaintWriter';
import { ComplaintEvent } from '../complaintEvent.model';

/** References is bounded: mail clients only need the root and the recent tail to thread. */
const MAX_REFERENCES = 10;

export interface ThreadHeaders {
  inReplyTo?: string;
  references?: string[];
}

/**
 * Threading headers for the next email to the customer: In-Reply-To is the latest message of the
 * conversation (the customer's last inbound mail or our last mail to them), References the root
 * of the thread followed by the most recent ids.
 */
export async function threadHeaders(c: Pick<LeanComplaint, '_id' | 'mailThreadRoot' | 'customer'>, before?: Date): Promise<ThreadHeaders> {
  const upTo = before ? { $lte: before } : { $exists: true };
  const [sent, received] = await Promise.all([
    OutboxMail.find({ complaintId: c._id, to: c.customer.email }, { messageId: 1, createdAt: 1 }).sort({ createdAt: 1 }).lean(),
    ComplaintEvent.find({ complaintId: c._id, 'actor.kind': 'customer', messageId: { $ne: null }, at: upTo }, { messageId: 1, at: 1 })
      .sort({ at: 1 })
      .lean(),
  ]);
  const timed = [...sent.map((m) => ({ id: m.messageId, at: m.createdAt.getTime() })), ...received.map((e) => ({ id: e.messageId ?? '', at: e.at.getTime() }))]
    .filter((m) => m.id)
    .sort((a, b) => a.at - b.at);
  const chain: string[] = [];
  for (const id of [c.mailThreadRoot ?? '', ...timed.map((m) => m.id)]) {
    if (id && !chain.includes(id)) chain.push(id);
  }
  if (!chain.length) return {};
  const references = chain.length <= MAX_REFERENCES ? chain : [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))];
  return { inReplyTo: chain[chain.length - 1], references };
}
