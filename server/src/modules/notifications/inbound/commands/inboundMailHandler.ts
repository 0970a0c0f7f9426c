import { createHash } from 'node:crypto';
import path from 'node:path';
import { attachmentLimits, fileComplaintSchema, type FileComplaintInput } from '@redress/shared';
import { services } from '../../../../platform/context';
import { AppError } from '../../../../platform/errors';
import { sanitiseFilename, sniffContentType, type CheckedFile } from '../../../complaints/attachments';
import { findCategory } from '../../../complaints/category.model';
import { attachmentAdder } from '../../../complaints/commands/attachmentAdder';
import { complaintFiler } from '../../../complaints/commands/complaintFiler';
import { customerReplier } from '../../../complaints/commands/customerReplier';
import { recordEvent, systemActor } from '../../../complaints/commands/timelineRecorder';
import { Complaint } from '../../../complaints/complaint.model';
import type { LeanComplaint } from '../../../complaints/feed/complaintWriter';
import { ComplaintEvent } from '../../../complaints/complaintEvent.model';
import { OutboxMail } from '../../outbox.model';
import { guessCategory } from '../emailCategory';
import { referenceInAddress, referenceInSubject, stripQuotedReply, type InboundMessage } from '../inboundMessage';

/** What became of one inbound email. */
export type InboundOutcome =
  | { kind: 'filed'; reference: string; complaintId: string }
  | { kind: 'replied'; reference: string; complaintId: string }
  | { kind: 'duplicate'; complaintId: string | null }
  | { kind: 'ignored'; reason: string };

/** A message we refuse for good: the SMTP server answers with `smtpCode` (5xx) and the text. */
export class InboundRejection extends Error {
  constructor(
    readonly smtpCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Which complaint a message answers, and how we knew. */
interface ThreadMatch {
  complaint: LeanComplaint;
  via: 'headers' | 'address' | 'subject';
}

const extensions: Record<string, string[]> = {
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'application/pdf': ['.pdf'],
};

/**
 * Images and PDFs, decided from their bytes like web uploads; anything else, anything over the
 * per-file limit and files past the fifth are dropped (the email itself is still accepted).
 */
export function emailFiles(m: InboundMessage): CheckedFile[] {
  const files: CheckedFile[] = [];
  for (const a of m.attachments) {
    if (files.length >= attachmentLimits.maxFiles) break;
    const type = sniffContentType(a.content);
    if (!type || a.content.length > attachmentLimits.maxBytes) continue;
    let filename = sanitiseFilename(a.filename, type);
    // The name must not contradict the content (a PNG called invoice.html).
    if (!extensions[type]!.includes(path.extname(filename).toLowerCase())) filename = `${filename}${extensions[type]![0]}`;
    files.push({ buffer: a.content, filename, contentType: type, size: a.content.length });
  }
  return files;
}

/** The complaint an email answers: its In-Reply-To/References, then a reply+REF address, then the subject. */
async function findThread(m: InboundMessage): Promise<ThreadMatch | null> {
  if (m.inReplyTo.length) {
    const [events, sent] = await Promise.all([
      ComplaintEvent.find({ messageId: { $in: m.inReplyTo } }, { messageId: 1, complaintId: 1 }).lean(),
      OutboxMail.find({ messageId: { $in: m.inReplyTo }, complaintId: { $ne: null } }, { messageId: 1, complaintId: 1 }).lean(),
    ]);
    const byId = new Map<string, unknown>([...sent, ...events].map((x) => [x.messageId ?? '', x.complaintId]));
    // The nearest ancestor wins (In-Reply-To first, then References newest first).
    const hit = m.inReplyTo.map((id) => byId.get(id)).find(Boolean);
    const complaint = hit ? await Complaint.findById(hit).lean<LeanComplaint>() : null;
    if (complaint) return { complaint, via: 'headers' };
  }
  const { INBOUND_MAIL_DOMAIN: domain } = services().env;
  const byAddress = m.recipients.map((r) => referenceInAddress(r, domain)).find(Boolean);
  if (byAddress) {
    const complaint = await Complaint.findOne({ reference: byAddress }).lean<LeanComplaint>();
    if (complaint) return { complaint, via: 'address' };
  }
  const bySubject = referenceInSubject(m.subject);
  if (bySubject) {
    const complaint = await Complaint.findOne({ reference: bySubject }).lean<LeanComplaint>();
    if (complaint) return { complaint, via: 'subject' };
  }
  return null;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The form's schema checks the intake too, so an email complaint is as valid as a web one. */
function intakeInput(m: InboundMessage, from: { address: string; name: string }, category: string): FileComplaintInput {
  const body = m.text.trim();
  let description = body.length >= 10 ? body : [m.subject, body].filter(Boolean).join('\n\n');
  // Nothing to go on ("Help!"): still open it, an agent will ask; bouncing an upset customer is worse.
  if (description.length < 10) description = `${description || '(empty message)'}\n\n(Sent by email without a description.)`;
  const raw = {
    customer: { name: clip(from.name || from.address.split('@')[0] || 'Customer', 120), email: from.address },
    category,
    description: clip(description, 5000),
    language: /[\u4e00-\u9fff]/.test(`${m.subject}${body}`) ? 'zh' : 'en',
  };
  const parsed = fileComplaintSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InboundRejection(550, `5.6.0 Cannot open a complaint from this message (${issue?.path.join('.')}: ${issue?.message})`);
  }
  return parsed.data;
}

/** Open a complaint from a new email, once per Message-ID (a re-delivery finds the first one). */
async function fileFromEmail(m: InboundMessage, from: { address: string; name: string }, note: string | null): Promise<InboundOutcome> {
  const guessed = guessCategory(m.subject, m.text);
  const category = (await findCategory(guessed)) ? guessed : 'other';
  const input = intakeInput(m, from, category);
  const key = `email:${createHash('sha256').update(m.messageId).digest('hex').slice(0, 40)}`;
  let filed;
  try {
    filed = await complaintFiler({ input, channel: 'email', idempotencyKey: key, inboundMessageId: m.messageId, subject: m.subject || undefined });
  } catch (err) {
    // The same Message-ID with another body: a forged or mangled re-send, not a new complaint.
    if (err instanceof AppError && err.id === 'idempotency_mismatch') return { kind: 'duplicate', complaintId: null };
    throw err;
  }
  const c = filed.complaint;
  if (!filed.replayed) {
    if (note)
      await recordEvent({
        complaint: c,
        type: 'note',
        visibility: 'internal',
        actor: systemActor,
        body: note,
        dedupeKey: `inbound-note:${String(c._id)}`,
        at: services().clock.now(),
      });
    const files = emailFiles(m);
    if (files.length) {
      await attachmentAdder({ complaint: c, actor: { kind: 'customer', id: String(c.customerId), name: c.customer.name }, files, visibility: 'public' });
    }
  }
  return { kind: 'filed', reference: c.reference, complaintId: String(c._id) };
}

/** The internal note on a complaint opened from a message whose sender checks failed. */
function unverifiedNote(m: InboundMessage, repliedTo: ThreadMatch | null): string {
  const checks = `the receiving mail server's sender checks failed (${m.authentication.results})`;
  return repliedTo
    ? `Unverified sender: sent as a reply to ${repliedTo.complaint.reference} (found by ${repliedTo.via}) from its customer's address, but ${checks}, so it was not added to that complaint. The From address may be forged: confirm with the customer before acting on it.`
    : `Unverified sender: ${checks}. The From address may be forged: confirm with the customer before acting on it.`;
}

/**
 * Intake of one inbound email. A reply to a complaint (by threading headers, a reply+REF address
 * or the reference in the subject) from that complaint's own customer is added to it as their
 * reply, quoted text removed. Anything else opens a new complaint, including a "reply" from a
 * different address: we never add a stranger's words to someone else's complaint (the agent sees
 * an internal note on the new one instead). The same holds for a reply whose sender checks failed
 * (the MTA's Authentication-Results: DMARC, or DKIM/SPF, failed): the From may be forged, so it
 * opens a new complaint with an "Unverified sender" internal note, as does any new message that
 * failed them. A reply to a closed complaint opens a new one, as the portal asks. Auto-replies,
 * bounces and mail from our own domain (loops) are dropped, and a re-delivered Message-ID changes
 * nothing.
 */
export async function inboundMailHandler(m: InboundMessage): Promise<InboundOutcome> {
  if (m.automated) return { kind: 'ignored', reason: 'automated message (auto-reply or bounce)' };
  const from = m.from;
  if (!from) throw new InboundRejection(550, '5.1.7 The message has no sender address');
  if (from.address.endsWith(`@${services().env.INBOUND_MAIL_DOMAIN.toLowerCase()}`)) return { kind: 'ignored', reason: 'mail from our own domain' };

  const seen = await ComplaintEvent.findOne({ messageId: m.messageId, 'actor.kind': 'customer' }, { complaintId: 1 }).lean();
  if (seen) return { kind: 'duplicate', complaintId: String(seen.complaintId) };

  const thread = await findThread(m);
  if (m.authentication.verdict === 'fail') {
    services().logger.warn(
      { reference: thread?.complaint.reference, from: from.address, results: m.authentication.results },
      'inbound mail failed its sender checks: opened as a new, unverified complaint',
    );
    return fileFromEmail(m, from, unverifiedNote(m, thread));
  }
  if (!thread) return fileFromEmail(m, from, null);
  const c = thread.complaint;
  if (c.customer.email.toLowerCase() !== from.address) {
    services().logger.warn({ reference: c.reference, via: thread.via }, 'inbound reply from an address other than the customer: opened as a new complaint');
    return fileFromEmail(
      m,
      from,
      `Sent as a reply to ${c.reference} (found by ${thread.via}), but from another address than that complaint's customer, so it was not added to it.`,
    );
  }
  if (c.status === 'closed') return fileFromEmail(m, from, `Reply to the closed complaint ${c.reference}.`);

  const body = clip(stripQuotedReply(m.text) || '(no text)', 10_000);
  try {
    const done = await customerReplier({ complaint: c, body, channel: 'email', messageId: m.messageId, files: emailFiles(m) });
    return { kind: 'replied', reference: done.complaint.reference, complaintId: String(done.complaint._id) };
  } catch (err) {
    // Closed between our read and the reply: open a new one rather than bounce the customer.
    if (err instanceof AppError && err.id === 'invalid_state') return fileFromEmail(m, from, `Reply to the closed complaint ${c.reference}.`);
    throw err;
  }
}
