import { services } from '../../../platform/context';
import { User } from '../../auth/user.model';
import { enqueueMail } from '../../notifications/outbox';
import type { ComplaintChange } from '../complaintChanges';
import { threadHeaders } from '../commands/mailThread';
import type { FeedSubscriber } from '../feed/feedDispatcher';
import type { LeanComplaint } from '../feed/complaintWriter';
import { confirmationMail, replyMail, resolvedMail } from '../mail/templates';
import { trackingUrl } from '../tracking';
import { customerPromiseForMail } from '../../sla/customerPromise';

/** The emails a change sends, each into the outbox under a key of its own (a repeat queues nothing). */
async function mailFor(ch: ComplaintChange, c: LeanComplaint): Promise<void> {
  const id = String(c._id);
  const url = trackingUrl(c.reference, id);
  switch (ch.type) {
    case 'filed': {
      // The promise of the clocks as they stand when the email is written (started now if the SLA subscriber has not yet).
      const due = await customerPromiseForMail(c);
      const mail = confirmationMail({ reference: c.reference, name: c.customer.name, trackingUrl: url, language: c.language, ...due });
      await enqueueMail({
        dedupeKey: `confirm:${id}`,
        complaintId: c._id,
        to: c.customer.email,
        subject: mail.subject,
        text: mail.text,
        inReplyTo: c.mailThreadRoot ?? undefined,
        references: c.mailThreadRoot ? [c.mailThreadRoot] : undefined,
      });
      return;
    }
    case 'staff_reply': {
      const mail = replyMail({ reference: c.reference, body: ch.body, trackingUrl: url, language: c.language });
      // Threaded on what came before this reply (its own mail is not queued yet).
      const thread = await threadHeaders(c, ch.at);
      await enqueueMail({
        dedupeKey: `reply:${ch.eventId}`,
        complaintId: c._id,
        to: c.customer.email,
        subject: mail.subject,
        text: mail.text,
        messageId: ch.messageId || undefined,
        inReplyTo: thread.inReplyTo,
        references: thread.references,
      });
      return;
    }
    case 'status_changed': {
      if (ch.to !== 'resolved') return;
      const mail = resolvedMail({ reference: c.reference, name: c.customer.name, trackingUrl: url, language: c.language });
      const thread = await threadHeaders(c, ch.at);
      await enqueueMail({
        dedupeKey: `resolved:${id}:${ch.rev}`,
        complaintId: c._id,
        to: c.customer.email,
        subject: mail.subject,
        text: mail.text,
        inReplyTo: thread.inReplyTo,
        references: thread.references,
      });
      return;
    }
    case 'assigned': {
      if (!ch.assigneeId) return;
      const agent = await User.findById(ch.assigneeId, { email: 1, notifyByEmail: 1 }).lean();
      if (!agent?.notifyByEmail) return;
      await enqueueMail({
        dedupeKey: `assigned-mail:${id}:${ch.rev}`,
        to: agent.email,
        subject: `[${c.reference}] assigned to you: ${c.subject}`,
        text: `${c.reference} was assigned to you.\n\n${c.subject}\n\nOpen it: ${services().publicUrl}/console?c=${id}\n`,
      });
      return;
    }
    default:
      return;
  }
}

/** Customer emails (confirmation, staff replies, resolution) and agents' assignment emails, through the outbox. */
export const mailProcessor: FeedSubscriber = {
  name: 'mail',
  accepts: (ch) => ch.type === 'filed' || ch.type === 'staff_reply' || ch.type === 'assigned' || (ch.type === 'status_changed' && ch.to === 'resolved'),
  async handle(changes, complaint) {
    if (!complaint) return;
    for (const ch of changes) await mailFor(ch, complaint);
  },
};
