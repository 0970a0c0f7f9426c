import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Channel, FileComplaintInput } from '@redress/shared';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import { customerForComplaint } from '../../customers/commands/customerForComplaint';
import { findCategory } from '../category.model';
import { ComplaintEvent } from '../complaintEvent.model';
import { nextComplaintReference } from '../counter.model';
import { insertComplaint, type LeanComplaint } from '../feed/complaintWriter';
import { IdempotencyKey } from '../idempotency.model';
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
  complaint: LeanComplaint;
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
  return createHash('sha256')
    .update(`${channel}\n${canonical}\n${JSON.stringify(input.customer)}`)
    .digest('hex');
}

/**
 * Claim the Idempotency-Key by inserting it with a freshly chosen complaint id and reference; a
 * replay (or a racing twin) reads the winner's claim and finishes that same complaint.
 */
async function claimKey(key: string, hash: string, now: Date): Promise<{ claim: Claim; replayed: boolean }> {
  const claim: Claim = { complaintId: new Types.ObjectId(), reference: await nextComplaintReference(now) };
  try {
    await IdempotencyKey.collection.insertOne({ _id: key as never, bodyHash: hash, ...claim, createdAt: now });
    return { claim, replayed: false };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const existing = await IdempotencyKey.findById(key).lean();
  if (!existing) throw errors.conflict('The Idempotency-Key is being used by another request; try again');
  if (existing.bodyHash !== hash) throw errors.idempotencyMismatch();
  return { claim: { complaintId: existing.complaintId, reference: existing.reference }, replayed: true };
}

/**
 * File a complaint from any channel. The request stores only what it answers with — the key
 * claim, the customer, the complaint with its 'filed' change, the first timeline entry — and the
 * change feed does the rest afterwards (team and agent, SLA clocks, remedy rules, confirmation
 * mail, rollups, consoles). Safe to retry: with an Idempotency-Key every step is keyed on the
 * pre-chosen complaint id, so a replay after a crash completes the same complaint.
 */
export async function complaintFiler(props: FileComplaintProps): Promise<FiledComplaint> {
  const now = services().clock.now();
  const category = await findCategory(props.input.category);
  if (!category) throw errors.validation([{ path: 'category', message: 'Unknown category' }]);

  const { claim, replayed } = props.idempotencyKey
    ? await claimKey(props.idempotencyKey, bodyHash(props.input, props.channel), now)
    : { claim: { complaintId: new Types.ObjectId(), reference: await nextComplaintReference(now) }, replayed: false };

  const { input } = props;
  // One round trip: create or find the customer and count this complaint. A replay after a crash
  // may count it twice; complaintCount is a display figure, the complaints themselves are the truth.
  const customer = await customerForComplaint(input.customer, now, !replayed);
  if (!customer) throw new Error('customer upsert returned nothing');

  const { complaint } = await insertComplaint({
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
      priorComplaints: Math.max(0, (customer.complaintCount ?? 1) - 1),
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
    timeZone: input.timeZone ?? null,
    mailThreadRoot: props.inboundMessageId ?? null,
    createdAt: now,
    updatedAt: now,
  });

  // Keyed on the complaint id, so a replay adds it once.
  await ComplaintEvent.collection
    .insertOne({
      complaintId: complaint._id,
      type: 'created',
      visibility: 'public',
      actor: { kind: 'customer', id: String(customer._id), name: input.customer.name },
      body: input.description,
      data: { category: category.key, channel: props.channel },
      attachments: [],
      channel: props.channel,
      messageId: props.inboundMessageId ?? null,
      dedupeKey: `created:${String(complaint._id)}`,
      at: complaint.createdAt,
    } as never)
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  const id = String(complaint._id);
  return { complaint, trackingToken: trackingTokenFor(id), trackingUrl: trackingUrl(claim.reference, id), replayed };
}
