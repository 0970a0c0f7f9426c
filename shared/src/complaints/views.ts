import type { ServerText } from '../common/serverText';
import type { CustomerTier, LifecycleStage } from '../customers/value';
import type { ComplaintSummaryPayload } from '../realtime/events';
import type { ComplaintSlaView } from '../sla/policies';

/** What the viewing user may do with a complaint (computed by the server's policy). */
export type ComplaintAbilities = Record<'read' | 'update' | 'reassign' | 'handBack' | 'claim', boolean>;

/**
 * GET /api/complaints/:id and the complaint in every staff command's answer: the list row's
 * fields plus everything the console shows, with the full SLA clocks (not the row's badge).
 */
export interface ComplaintDetailView extends Omit<ComplaintSummaryPayload, 'sla'> {
  rootCause: string;
  kind: string;
  severity: string;
  description: string;
  orderRef: string | null;
  amount: number | null;
  currency: string | null;
  desiredResolution: string | null;
  language: string;
  /** The zone to write due times in for this customer: theirs when known, else their SLA calendar's. */
  timeZone: string;
  customer: {
    id: string;
    name: string;
    email: string;
    phone: string | null;
    tier: CustomerTier;
    lifetimeValue: number;
    lifecycleStage: LifecycleStage;
    priorComplaints: number;
  };
  /** `reasonText`: the reason as a code (common/serverText.ts), null for assignments stored before codes: show `reason`. */
  assignment: { strategy: string; reason: string; reasonText: ServerText | null; at: string } | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  csat: { score: number; comment: string; at: string } | null;
  abilities: ComplaintAbilities;
  sla: ComplaintSlaView | null;
}

/** The due time that matters now: first response until it is met, then resolution. */
export function currentDueAt(sla: ComplaintSlaView | null): string | null {
  if (!sla) return null;
  return sla.firstResponse.metAt ? sla.resolution.dueAt : sla.firstResponse.dueAt;
}

/** One entry of the staff timeline (internal notes included), as GET /api/complaints/:id/timeline lists it. */
export interface TimelineItemView {
  id: string;
  type: string;
  visibility: 'public' | 'internal';
  actor: { kind: 'customer' | 'staff' | 'system'; name: string };
  body: string;
  data: Record<string, unknown>;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  channel: string | null;
  at: string;
}
