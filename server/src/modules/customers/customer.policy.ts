import { userPolicy } from '../auth/auth.policy';
import type { UserDoc } from '../auth/user.model';

/**
 * The customer policy, one line per ability. Supervisors and admins see every customer; other staff
 * see a customer when they can see at least one of the customer's complaints (the router checks
 * that with visibleComplaintsFilter, as `seesAComplaint`).
 */
export const customerPolicy = {
  list: (u: UserDoc) => userPolicy.supervise(u),
  importValues: (u: UserDoc) => userPolicy.supervise(u),
  readTierSettings: (u: UserDoc) => userPolicy.supervise(u),
  editTierSettings: (u: UserDoc) => userPolicy.manage(u),
  read: (u: UserDoc, seesAComplaint: boolean) => userPolicy.supervise(u) || seesAComplaint,
};
