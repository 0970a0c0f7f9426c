import type { RemedyProposeInput } from '@redress/shared';
import { services } from '../../../platform/context';
import { errors } from '../../../platform/errors';
import type { UserDoc } from '../../auth/user.model';
import type { LeanComplaintLike } from './apologySender';
import { atomically } from '../atomically';
import { isDuplicateKey, Remedy, type RemedyFields } from '../compensation.models';
import { describeRemedy, journal } from '../remedyJournal';
import { checkAmount, remedyRequester, type RemedyRequesterResult } from './remedyRequester';

type StoredRemedy = RemedyFields & { _id: unknown };

/** Rule key cited by remedies an agent proposed themselves (no rule offered them). */
export const AGENT_PROPOSAL_RULE_KEY = 'agent_proposal';

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * An agent proposes a remedy of any type (not only what the rules suggested). It is stored as the
 * complaint's remedy of that type — one per type, as for suggestions: a still-suggested one is taken
 * up with the agent's amount and currency, one already requested, approved, issued or declined is a
 * 409 — and then requested like a suggestion: approved at once within the agent's limits and the
 * budget (of its currency), else waiting for a supervisor. An apology is not proposed: it is sent
 * (apologySender).
 */
export async function remedyProposer(p: { complaint: LeanComplaintLike; user: UserDoc; input: RemedyProposeInput }): Promise<RemedyRequesterResult> {
  const { complaint, user, input } = p;
  if (input.type === 'apology') throw errors.validation([{ path: 'type', message: 'Send an apology with “Send apology”' }]);
  const amount = round(input.amount ?? 0);
  const currency = input.type === 'points' ? null : (input.currency ?? complaint.currency ?? null);
  const now = services().clock.now();
  await checkAmount({ type: input.type, complaintId: complaint._id }, amount);
  const dedupeKey = `${String(complaint._id)}:${input.type}`;
  const actor = { kind: 'staff' as const, id: user.id, name: user.name };

  let remedy: StoredRemedy | null = null;
  try {
    const doc = await Remedy.create({
      complaintId: complaint._id,
      reference: complaint.reference,
      dedupeKey,
      type: input.type,
      status: 'suggested',
      amount,
      suggestedAmount: amount,
      currency,
      ruleKey: AGENT_PROPOSAL_RULE_KEY,
      ruleVersion: 0,
      reason: `Proposed by ${user.name}`,
      note: null,
      trigger: 'agent',
      teamId: complaint.teamId ?? null,
      category: complaint.category,
      createdAt: now,
      updatedAt: now,
    });
    remedy = doc.toObject();
    await journal({
      remedy,
      action: 'suggested',
      actor,
      detail: `${user.name} proposed ${describeRemedy(remedy)}`,
      dedupeKey: `${String(remedy._id)}:proposed`,
      at: now,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await Remedy.findOne({ dedupeKey }).lean();
    if (!existing) throw err;
    if (existing.status !== 'suggested')
      throw errors.invalidState(`This complaint already has a ${input.type.replace('_', ' ')} remedy (${existing.status.replace('_', ' ')})`);
    // The suggestion becomes the agent's proposal: its currency may change with the amount.
    remedy = await atomically(`remedy:${String(existing._id)}`, () =>
      Remedy.findOneAndUpdate({ _id: existing._id, status: 'suggested' }, { $set: { currency, updatedAt: now } }, { new: true }).lean(),
    );
    if (!remedy) throw errors.invalidState('This remedy was requested by someone else just now');
  }
  return remedyRequester({ remedy, user, amount, note: input.note });
}
