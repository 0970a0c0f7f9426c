import type { Types } from 'mongoose';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import type { UserDoc } from '../../auth/user.model';
import { isDuplicateKey, Remedy, type RemedyFields } from '../compensation.models';
import { describeRemedy, journal } from '../remedyJournal';
import { APOLOGY_FLOOR_REASON, APOLOGY_FLOOR_RULE_KEY } from '../ruleEvaluator';
import { remedyIssuer } from './remedyIssuer';
import { remedyRequester } from './remedyRequester';

type StoredRemedy = RemedyFields & { _id: unknown };

/** The complaint fields a remedy is made from. */
export interface LeanComplaintLike {
  _id: Types.ObjectId;
  reference: string;
  teamId?: Types.ObjectId | null;
  category: string;
  currency?: string | null;
}

/**
 * "Send apology" as one action: the complaint's apology (created when the rules offered none yet)
 * is requested — approved at once, it costs nothing — and issued, which queues the apology email.
 * Idempotent: a double click, a second tab or a retry after a crash finds the apology approved or
 * issued and only completes what is missing (the issue step is exactly-once by its conditional
 * update, the email by its part key), so there is never a second remedy or a second email, and an
 * apology is never left approved but unsent.
 */
export async function apologySender(p: { complaint: LeanComplaintLike; user: UserDoc }): Promise<{ remedy: StoredRemedy; sentNow: boolean }> {
  const { complaint, user } = p;
  const dedupeKey = `${String(complaint._id)}:apology`;
  let remedy: StoredRemedy | null = await Remedy.findOne({ dedupeKey }).lean();
  if (!remedy) {
    const now = services().clock.now();
    try {
      const doc = await Remedy.create({
        complaintId: complaint._id,
        reference: complaint.reference,
        dedupeKey,
        type: 'apology',
        status: 'suggested',
        amount: 0,
        suggestedAmount: 0,
        currency: null,
        ruleKey: APOLOGY_FLOOR_RULE_KEY,
        ruleVersion: 0,
        reason: APOLOGY_FLOOR_REASON,
        trigger: 'agent',
        teamId: complaint.teamId ?? null,
        category: complaint.category,
        createdAt: now,
        updatedAt: now,
      });
      const created: StoredRemedy = doc.toObject();
      remedy = created;
      await journal({
        remedy: created,
        action: 'suggested',
        actor: { kind: 'staff', id: user.id, name: user.name },
        detail: `${user.name} proposed ${describeRemedy(created)}`,
        dedupeKey: `${String(created._id)}:proposed`,
        at: now,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      remedy = await Remedy.findOne({ dedupeKey }).lean();
    }
  }
  if (!remedy) throw errors.notFound('Remedy');
  if (remedy.status === 'suggested') {
    // Whoever loses this race finds the apology approved (or already issued) below.
    const suggested = remedy;
    await remedyRequester({ remedy: suggested, user }).catch((err: unknown) => {
      if ((err as { id?: string }).id !== 'invalid_state') throw err;
    });
    remedy = (await Remedy.findById(suggested._id).lean()) ?? suggested;
  }
  if (remedy.status === 'declined') throw errors.invalidState('The apology was declined by a supervisor');
  const done = await remedyIssuer({ remedy, user });
  return { remedy: done.remedy, sentNow: done.issuedNow };
}
