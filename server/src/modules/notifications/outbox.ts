import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { services } from '../../platform/context';
import { lockedSection } from '../../platform/db/serially';
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
  /** Not sent before this time (default: now). */
  notBefore?: Date;
  mergeKey?: string;
  parts?: string[];
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
    const { notBefore, ...fields } = mail;
    await OutboxMail.create({ ...fields, messageId, status: 'pending', nextAttemptAt: notBefore ?? now, createdAt: now });
    return messageId;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await OutboxMail.findOne({ dedupeKey: mail.dedupeKey }, { messageId: 1 }).lean();
    return existing?.messageId ?? messageId;
  }
}

/** A mail that gathers parts (e.g. the remedies of one complaint issued together) while it waits. */
export interface MergedMail {
  /** The group: parts with the same key that arrive while its mail still waits share that mail. */
  mergeKey: string;
  /** This part's id; a part already in a mail of the group (waiting or sent) is never mailed again. */
  part: string;
  /** How long a new mail waits for more parts before it may go. */
  holdMs: number;
  complaintId?: Types.ObjectId | null;
  to: string;
  /** Subject and text for all the parts of the mail, in the order they came. */
  render(parts: string[]): Promise<{ subject: string; text: string }>;
}

/** Keep this far from a waiting mail's send time when adding to it, so the sender never claims it mid-update. */
const MERGE_MARGIN_MS = 1_000;

/**
 * Queue `part` in the group's waiting mail (re-rendered with it), or in a new mail that waits
 * `holdMs` for more. Idempotent per part: a retry, a double click or a second process finds the part
 * already mailed and queues nothing. Runs under a cross-process lock per group, so two parts arriving
 * together never make two mails nor lose one; a mail the sender may already be claiming is left alone
 * (the part then gets a mail of its own).
 */
export async function enqueueMergedMail(m: MergedMail): Promise<void> {
  await lockedSection(
    `mail-merge:${m.mergeKey}`,
    async () => {
      if (await OutboxMail.exists({ mergeKey: m.mergeKey, parts: m.part })) return;
      const now = services().clock.now();
      const waiting = await OutboxMail.findOne({
        mergeKey: m.mergeKey,
        status: 'pending',
        attempts: 0,
        ...(m.holdMs > 0 ? { nextAttemptAt: { $gt: new Date(now.getTime() + MERGE_MARGIN_MS) } } : {}),
      }).lean();
      if (waiting) {
        const rendered = await m.render([...(waiting.parts ?? []), m.part]);
        const done = await OutboxMail.updateOne(
          { _id: waiting._id, status: 'pending', attempts: 0 },
          { $set: { subject: rendered.subject, text: rendered.text }, $push: { parts: m.part } },
        );
        if (done.modifiedCount === 1) return;
      }
      const rendered = await m.render([m.part]);
      await enqueueMail({
        dedupeKey: `${m.mergeKey}:${m.part}`,
        complaintId: m.complaintId,
        to: m.to,
        subject: rendered.subject,
        text: rendered.text,
        notBefore: new Date(now.getTime() + m.holdMs),
        mergeKey: m.mergeKey,
        parts: [m.part],
      });
    },
    { waitMs: 15_000 },
  );
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
