import { openStatuses } from '@redress/shared';
import { services } from '../../../platform/context';
import { Complaint } from '../../complaints/complaint.model';
import { retargetSla } from '../slaListeners';

/**
 * After an admin edits a policy or calendar: recompute the due times of the open complaints whose
 * policy it was (one indexed query over those complaints, once per edit, never per tick). Policy
 * choice is redone too, so a deactivated policy hands its complaints to the next match.
 */
export async function slaRetargeter(policyId: string | null): Promise<number> {
  const filter = { status: { $in: openStatuses }, ...(policyId ? { 'sla.policyId': policyId } : {}) };
  const at = services().clock.now();
  let n = 0;
  for await (const c of Complaint.find(filter, { _id: 1 }).lean().cursor()) {
    await retargetSla(String(c._id), at);
    n++;
  }
  return n;
}
