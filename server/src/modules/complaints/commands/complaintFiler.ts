import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { isOpen, type Channel, type FileComplaintInput } from '@redress/shared';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { Customer } from '../../customers/customer.model';
import { enqueueMail } from '../../notifications/outbox';
import { findCategory } from '../category.model';
import { Complaint, type ComplaintDoc } from '../complaint.model';
import { ComplaintEvent } from '../complaintEvent.model';
import { nextComplaintReference } from '../counter.model';
import { IdempotencyKey } from '../idempotency.model';
import { afterComplaintFiled } from '../complaintHooks';
import { confirmationMail } from '../mail/templates';
import { trackingTokenFor, trackingUrl } from '../tracking';

export interface FileComplaintProps {
  input: FileComplaintInput;
  channel: Channel;
  idempotencyKey?: string;
  /** For email intake: the customer's Message-ID, so replies thread onto this complaint. */
  inboundMessageId?: string;
  subject?: string;
}

export interface FiledComplaint {
  complaint: ComplaintDoc;
  trackingToken: string;
  trackingUrl: string;
  replayed: boolean;
}

interface Claim {
  complaintId: Types.ObjectId;
  reference: string;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

function bodyHash(input: FileComplaintInput, channel: Channel): string {
  const canonical = JSON.stringify(input, Object.keys(input).sort());
  return createHash('sha256').update(`${channel}\n${canonical}\n${JSON.stringify(input.customer)}`).digest('hex');
}

/**
 * Claim the Idempotency-Key: the first request inserts it with a freshly chosen complaint id; a
 * replay (or a racing twin) reads the winner's claim and finishes that same complaint.
 */
async function claimKey(key: string, hash: string, now: Date): Promise<{ claim: Claim; replayed: boolean }> {
  const existing = await IdempotencyKey.findById(key).lean();
  if (existing) {
    if (existing.bodyHash !== hash) throw errors.idempotencyMismatch();
    return { claim: existing, replayed: true };
  }
  const claim: Claim = { complaintId: new Types.ObjectId(), reference: await nextComplaintReference(now) };
  try {
    await IdempotencyKey.create({ _id: key, bodyHash: hash, ...claim, createdAt: now });
    return { claim, replayed: false };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return claimKey(key, hash, now);
  }
}

/**
 * File a complaint from any channel. Safe to retry: with an Idempotency-Key every step below is
 * keyed on the pre-chosen complaint id, so a replay after a crash completes the same complaint.
 */
export async function complaintFiler(props: FileComplaintProps): Promise<FiledComplaint> {
  const { clock } = services();
  const now = clock.now();
  const category = await findCategory(props.input.category);
  if (!category) throw errors.validation([{ path: 'category', message: 'Unknown category' }]);

  const { claim, replayed } = props.idempotencyKey
    ? await claimKey(props.idempotencyKey, bodyHash(props.input, props.channel), now)
    : {
        claim: { complaintId: new Types.ObjectId(), reference: await nextComplaintReference(now) },
        replayed: false,
      };

  const { input } = props;
  const customer = await Customer.findOneAndUpdate(
    { email: input.customer.email },
    { $setOnInsert: { email: input.customer.email, name: input.customer.name, ...(input.customer.phone ? { phone: input.customer.phone } : {}) } },
    { upsert: true, new: true },
  ).catch(async (err: unknown) => {
    // Two first complaints from one new customer race on the unique email: read the winner.
    if (!isDuplicateKey(err)) throw err;
    return Customer.findOne({ email: input.customer.email });
  });
  if (!customer) throw new Error('customer upsert returned nothing');
  const priorComplaints = await Complaint.countDocuments({ customerId: customer._id, _id: { $ne: claim.complaintId } });

  let complaint = await Complaint.findById(claim.complaintId);
  if (!complaint) {
    try {
      complaint = await Complaint.create({
        _id: claim.complaintId,
        reference: claim.reference,
        customerId: customer._id,
        customer: {
          name: input.customer.name,
          email: input.customer.email,
          phone: input.customer.phone,
          tier: customer.tier,
          lifetimeValue: customer.lifetimeValue,
          lifecycleStage: customer.lifecycleStage,
          priorComplaints,
        },
        channel: props.channel,
        category: category.key,
        rootCause: category.rootCause,
        kind: category.kind,
        severity: category.defaultSeverity,
        subject: (props.subject ?? input.description.split('\n')[0] ?? '').slice(0, 120),
        description: input.description,
        orderRef: input.orderRef,
        amount: input.amount,
        currency: input.currency,
        desiredResolution: input.desiredResolution,
        language: input.language ?? 'en',
        mailThreadRoot: props.inboundMessageId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await Customer.updateOne({ _id: customer._id }, { $inc: { complaintCount: 1 }, $set: { lastComplaintAt: now } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      complaint = await Complaint.findById(claim.complaintId);
      if (!complaint) throw err;
    }
  }

  // Follow-ups are keyed on the complaint id, so running them again is harmless.
  await ComplaintEvent.updateOne(
    { dedupeKey: `created:${complaint.id}` },
    {
      $setOnInsert: {
        complaintId: complaint._id,
        type: 'created',
        visibility: 'public',
        actor: { kind: 'customer', id: String(customer._id), name: input.customer.name },
        body: input.description,
        data: { category: category.key, channel: props.channel },
        channel: props.channel,
        messageId: props.inboundMessageId ?? null,
        at: complaint.createdAt,
      },
    },
    { upsert: true },
  ).catch((err: unknown) => {
    // A racing replay upserted the same key first: the event exists, which is all we need.
    if (!isDuplicateKey(err)) throw err;
  });
  const url = trackingUrl(claim.reference, complaint.id);
  const mail = confirmationMail({ reference: claim.reference, name: input.customer.name, trackingUrl: url, language: complaint.language });
  await enqueueMail({
    dedupeKey: `confirm:${complaint.id}`,
    complaintId: complaint._id,
    to: input.customer.email,
    subject: mail.subject,
    text: mail.text,
    inReplyTo: props.inboundMessageId,
    references: props.inboundMessageId ? [props.inboundMessageId] : undefined,
  });
  if (isOpen(complaint.status)) await afterComplaintFiled(complaint);
  const fresh = (await Complaint.findById(complaint._id)) ?? complaint;
  return { complaint: fresh, trackingToken: trackingTokenFor(complaint.id), trackingUrl: url, replayed };
}
