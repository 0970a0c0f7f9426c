import type { CompensationRule, RemedyType, RulePreviewResult } from '@redress/shared';
import { Complaint } from '../complaints/complaint.model';
import { evaluateRules } from './ruleEvaluator';
import { subjectFor } from './ruleSubject';

const SAMPLE_SIZE = 10;

/**
 * "This rule would have offered ... on the last N complaints": evaluate the one rule (as if active)
 * on the most recent complaints. The built-in apology floor is left out: it is not this rule's offer.
 */
export async function previewRule(rule: CompensationRule, last = 100): Promise<RulePreviewResult> {
  const complaints = await Complaint.find({}).sort({ createdAt: -1 }).limit(last).lean();
  const totals = new Map<string, { type: RemedyType; currency: string | null; count: number; amount: number }>();
  const samples: RulePreviewResult['samples'] = [];
  let matched = 0;
  for (const c of complaints) {
    const offers = evaluateRules(subjectFor(c), [{ rule: { ...rule, active: true }, version: 0 }]).filter((s) => s.ruleKey === rule.key);
    if (offers.length === 0) continue;
    matched++;
    for (const s of offers) {
      const key = `${s.type}:${s.currency ?? ''}`;
      const t = totals.get(key) ?? {
        type: s.type,
        currency: s.currency,
        count: 0,
        amount: 0,
      };
      t.count++;
      t.amount = Math.round((t.amount + s.amount) * 100) / 100;
      totals.set(key, t);
    }
    if (samples.length < SAMPLE_SIZE) {
      samples.push({
        complaintId: String(c._id),
        reference: c.reference,
        suggestions: offers.map((s) => ({
          type: s.type,
          amount: s.amount,
          currency: s.currency,
          reason: s.reason,
          explanation: s.explanation,
        })),
      });
    }
  }
  return {
    considered: complaints.length,
    matched,
    totals: [...totals.values()],
    samples,
  };
}
