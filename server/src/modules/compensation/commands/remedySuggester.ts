import { services } from '../../../platform/context';
import { atomically } from '../atomically';
import { systemActor, type Actor } from '../../complaints/commands/timelineRecorder';
import { Complaint } from '../../complaints/complaint.model';
import { isDuplicateKey, Remedy, type RemedyFields } from '../compensation.models';
import { describeRemedy, journal } from '../remedyJournal';
import { evaluateRules, type Suggestion } from '../ruleEvaluator';
import { currentRules } from '../ruleStore';
import { subjectFor } from '../ruleSubject';

/** What made the rules run. */
export type SuggestTrigger = 'filed' | 'categorised' | 'sla_breached' | 'agent';

export interface RemedySuggesterProps {
  complaintId: string;
  trigger: SuggestTrigger;
  actor?: Actor;
}

export interface RemedySuggesterResult {
  suggestions: Suggestion[];
  /** Remedies created or raised by this evaluation. */
  changed: number;
}

/**
 * Evaluate the current rules for a complaint and store each suggestion as a remedy. One remedy per
 * type per complaint (unique dedupeKey), so repeated triggers and retries never duplicate; a later
 * evaluation that offers more (e.g. after an SLA breach) raises a still-'suggested' remedy in place
 * by a conditional update, and never touches one already requested, approved or issued.
 */
export async function remedySuggester(p: RemedySuggesterProps): Promise<RemedySuggesterResult> {
  const complaint = await Complaint.findById(p.complaintId).lean();
  if (!complaint) return { suggestions: [], changed: 0 };
  const suggestions = evaluateRules(subjectFor(complaint), await currentRules());
  const actor = p.actor ?? systemActor;
  let changed = 0;
  for (const s of suggestions) {
    const now = services().clock.now();
    const dedupeKey = `${complaint._id}:${s.type}`;
    const fields = {
      amount: s.amount,
      suggestedAmount: s.amount,
      currency: s.currency,
      ruleKey: s.ruleKey,
      ruleVersion: s.ruleVersion,
      reason: s.reason,
      explanation: s.explanation,
      note: s.note ?? null,
      voucherValidDays: s.voucherValidDays ?? null,
      trigger: p.trigger,
      updatedAt: now,
    };
    let stored: (RemedyFields & { _id: unknown }) | null = null;
    let created = false;
    try {
      const doc = await Remedy.create({
        ...fields,
        complaintId: complaint._id,
        reference: complaint.reference,
        dedupeKey,
        type: s.type,
        status: 'suggested',
        teamId: complaint.teamId,
        category: complaint.category,
        createdAt: now,
      });
      stored = doc.toObject();
      created = true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      stored = await atomically(`remedy:${dedupeKey}`, () =>
        Remedy.findOneAndUpdate(
          {
            dedupeKey,
            status: 'suggested',
            suggestedAmount: { $lt: s.amount },
          },
          {
            $set: {
              ...fields,
              teamId: complaint.teamId,
              category: complaint.category,
            },
          },
          { new: true },
        ).lean(),
      );
    }
    if (!stored) continue;
    changed++;
    const verb = created ? 'Suggested' : 'Raised suggestion to';
    await journal({
      remedy: stored,
      action: 'suggested',
      actor,
      detail: `${verb} ${describeRemedy(stored)} (${s.ruleKey} v${s.ruleVersion}, on ${p.trigger}). ${s.reason}`,
      dedupeKey: `${String(stored._id)}:suggested:${s.ruleKey}:${s.ruleVersion}:${s.amount}`,
      at: now,
    });
  }
  return { suggestions, changed };
}
