import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { services } from '../../platform/context';
import { OutboxMail } from './outbox.model';

export interface QueuedMail {
  dedupeKey: string;
  complaintId?: Types.ObjectId | null;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
}

/** A fresh RFC 5322 Message-ID on our mail domain. */
export function newMessageId(prefix = 'm'): string {
  return `<${prefix}.${Date.now().toString(36)}.${randomBytes(8).toString('hex')}@${services().env.INBOUND_MAIL_DOMAIN}>`;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/**
 * Record an email in the outbox; a second call with the same dedupeKey is a no-op, so callers may
 * retry freely. Returns the Message-ID the email will carry.
 */
export async function enqueueMail(mail: QueuedMail): Promise<string> {
  const now = services().clock.now();
  const messageId = mail.messageId ?? newMessageId();
  try {
    await OutboxMail.create({ ...mail, messageId, status: 'pending', nextAttemptAt: now, createdAt: now });
    return messageId;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await OutboxMail.findOne({ dedupeKey: mail.dedupeKey }, { messageId: 1 }).lean();
    return existing?.messageId ?? messageId;
  }
}

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 12;

/** Exponential back-off: 5s, 10s, 20s ... capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

/**
 * Send what is due. Each message is claimed with a lease by an atomic update, so several server
 * processes never send the same message at once; a sender killed mid-send leaves a lease that
 * expires and the message is retried.
 */
export async function deliverDueMail(limit = 20): Promise<{ sent: number; failed: number }> {
  const { clock, mailer, logger } = services();
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const now = clock.now();
    const claimed = await OutboxMail.findOneAndUpdate(
      {
        $or: [
          { status: 'pending', nextAttemptAt: { $lte: now } },
          { status: 'sending', lockedUntil: { $lte: now } },
        ],
      },
      { $set: { status: 'sending', lockedUntil: new Date(now.getTime() + LEASE_MS) }, $inc: { attempts: 1 } },
      { sort: { nextAttemptAt: 1 }, new: true },
    ).lean();
    if (!claimed) break;
    try {
      await mailer.send({
        to: claimed.to,
        replyTo: claimed.replyTo ?? undefined,
        subject: claimed.subject,
        text: claimed.text,
        html: claimed.html ?? undefined,
        messageId: claimed.messageId,
        inReplyTo: claimed.inReplyTo ?? undefined,
        references: claimed.references ?? [],
      });
      await OutboxMail.updateOne({ _id: claimed._id }, { $set: { status: 'sent', sentAt: clock.now(), lockedUntil: null } });
      sent++;
    } catch (err) {
      const giveUp = claimed.attempts >= MAX_ATTEMPTS;
      await OutboxMail.updateOne(
        { _id: claimed._id },
        {
          $set: {
            status: giveUp ? 'failed' : 'pending',
            lockedUntil: null,
            lastError: (err as Error).message,
            nextAttemptAt: new Date(clock.now().getTime() + backoffMs(claimed.attempts)),
          },
        },
      );
      logger.warn({ to: claimed.to, attempts: claimed.attempts, err: (err as Error).message }, 'mail delivery failed, will retry');
      failed++;
      break; // the SMTP server is likely down: stop this round, back off
    }
  }
  return { sent, failed };
}

/** Emails still waiting to go out (for /metrics and the health page). */
export async function pendingMailCount(): Promise<number> {
  // Two equality counts: the store answers each from an index (see equalityFanOut.ts).
  const counts = await Promise.all(['pending', 'sending'].map((status) => OutboxMail.countDocuments({ status })));
  return counts[0]! + counts[1]!;
}
