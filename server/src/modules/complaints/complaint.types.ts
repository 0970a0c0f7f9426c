import type { Types } from 'mongoose';
import type { ComplaintSlaData } from '../sla/slaState';
import type {
  Channel,
  ComplaintStatus,
  CustomerTier,
  DesiredResolution,
  DissatisfactionKind,
  LifecycleStage,
  PriorityLevel,
  PrioritySource,
  ServerText,
  RootCause,
  Severity,
} from '@redress/shared';

/** The stored shape of a complaint (see complaint.model.ts for indexes and defaults). */
export interface ComplaintFields {
  reference: string;
  customerId: Types.ObjectId;
  customer: {
    name: string;
    email: string;
    phone?: string | null;
    tier: CustomerTier;
    lifetimeValue: number;
    lifecycleStage: LifecycleStage;
    priorComplaints: number;
  };
  channel: Channel;
  category: string;
  rootCause: RootCause;
  kind: DissatisfactionKind;
  severity: Severity;
  subject: string;
  description: string;
  orderRef?: string | null;
  amount?: number | null;
  currency?: string | null;
  desiredResolution?: DesiredResolution | null;
  language: string;
  timeZone?: string | null;
  status: ComplaintStatus;
  priority: PriorityLevel;
  priorityScore: number;
  /** Who set `priority` (shared/src/routing/priority.ts); absent on complaints stored before it: as 'filed'. */
  prioritySource?: PrioritySource;
  teamId: Types.ObjectId | null;
  assigneeId: Types.ObjectId | null;
  assigneeName: string | null;
  assignedAt: Date | null;
  assignment?: { strategy?: string; reason?: string; reasonText?: ServerText | null; at?: Date; by?: string } | null;
  queuedAt: Date | null;
  handedBackBy: Types.ObjectId[];
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  lastCustomerMessageAt: Date | null;
  lastStaffMessageAt: Date | null;
  mailThreadRoot: string | null;
  csat?: { score?: number; comment?: string; at?: Date } | null;
  sla?: ComplaintSlaData | null;
  /** Revision of the complaint's change feed (absent on complaints stored before the feed: 0). */
  rev?: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ComplaintEventFields {
  complaintId: Types.ObjectId;
  type: string;
  visibility: 'public' | 'internal';
  actor: { kind: 'customer' | 'staff' | 'system'; id: string | null; name: string };
  body: string;
  data: Record<string, unknown>;
  attachments: { fileId: Types.ObjectId; filename: string; contentType: string; size: number }[];
  channel: string | null;
  messageId: string | null;
  dedupeKey: string;
  at: Date;
}
