import type { CustomerComplaintView, CustomerSummaryView, CustomerView } from '@redress/shared';
import type { Types } from 'mongoose';
import { complaintPolicy } from '../auth/auth.policy';
import type { UserDoc } from '../auth/user.model';
import type { ComplaintFields } from '../complaints/complaint.model';
import type { CustomerFields } from './customer.model';

type StoredCustomer = CustomerFields & { _id: Types.ObjectId };
type StoredComplaint = Pick<ComplaintFields, 'reference' | 'status' | 'category' | 'createdAt' | 'resolvedAt' | 'teamId' | 'assigneeId'> & {
  _id: Types.ObjectId;
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * A customer in lists: identity, value and tier. `complaintCount` is counted from the complaints
 * themselves (the stored counter is not kept by imports of history, such as the demo's).
 */
export function presentCustomerSummary(c: StoredCustomer, complaintCount: number): CustomerSummaryView {
  return {
    id: String(c._id),
    email: c.email,
    name: c.name,
    tier: c.tier,
    lifetimeValue: c.lifetimeValue,
    lifecycleStage: c.lifecycleStage,
    complaintCount,
    valueImportedAt: iso(c.valueImportedAt),
  };
}

/** One customer with value figures and past complaints (newest first); `canOpen` comes from the complaint policy. */
export function presentCustomer(c: StoredCustomer, complaints: StoredComplaint[], complaintCount: number, viewer: UserDoc): CustomerView {
  const items: CustomerComplaintView[] = complaints.map((k) => ({
    id: String(k._id),
    reference: k.reference,
    status: k.status,
    category: k.category,
    createdAt: k.createdAt.toISOString(),
    resolvedAt: iso(k.resolvedAt),
    canOpen: complaintPolicy.read(viewer, k),
  }));
  return {
    ...presentCustomerSummary(c, complaintCount),
    complaintCount,
    averageOrderValue: c.averageOrderValue,
    ordersPerYear: c.ordersPerYear,
    yearsAsCustomer: c.yearsAsCustomer,
    lastComplaintAt: iso(c.lastComplaintAt),
    highRisk: complaintCount > 0 && (c.lifecycleStage === 'decline' || c.lifecycleStage === 'exit'),
    complaints: items,
  };
}
