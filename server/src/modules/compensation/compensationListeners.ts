import type { ComplaintChange } from "../complaints/complaintChanges";
import { remedySuggester } from "./commands/remedySuggester";

/**
 * Evaluate the rules when a complaint is filed or categorised and when an SLA target breaches (the
 * breach raises money remedies). The suggester is idempotent, so repeated changes are harmless.
 */
export async function onComplaintChangeForCompensation(
  change: ComplaintChange,
): Promise<void> {
  if (
    change.type === "filed" ||
    change.type === "categorised" ||
    change.type === "sla_breached"
  ) {
    await remedySuggester({
      complaintId: change.complaintId,
      trigger: change.type,
    });
  }
}
