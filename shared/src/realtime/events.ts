import type { TrackingPush } from '../complaints/portal';
import type { ServerText } from '../common/serverText';

/**
 * The typed Socket.IO event map shared by server and client. Payloads are small: ids and the
 * presented fields that changed, never whole documents.
 */
export interface ComplaintSummaryPayload {
  id: string;
  /** The complaint's revision (its change feed position): a console applies only newer ones. */
  rev: number;
  reference: string;
  status: string;
  priority: string;
  priorityScore: number;
  category: string;
  customerName: string;
  customerTier: string;
  assigneeId: string | null;
  assigneeName: string | null;
  teamId: string | null;
  channel: string;
  subject: string;
  createdAt: string;
  updatedAt: string;
  sla?: { dueAt: string | null; state: 'ok' | 'at_risk' | 'breached' | 'paused' | 'met' | 'none' };
}

/**
 * A complaint's state after the changes (sinceRev, rev]. A console that knows the complaint at a
 * revision below sinceRev missed a push (a gap) and fetches the complaint again; one at rev or
 * later ignores it (a late or repeated push).
 */
export interface ComplaintChangedPayload extends ComplaintSummaryPayload {
  sinceRev: number;
}

export interface ViewerPayload {
  userId: string;
  name: string;
  mode: 'viewing' | 'replying';
}

export interface ServerToClientEvents {
  'complaint:created': (c: ComplaintChangedPayload) => void;
  'complaint:updated': (c: ComplaintChangedPayload) => void;
  'complaint:removed': (p: { id: string; reason: string }) => void;
  'complaint:timeline': (p: { complaintId: string; eventId: string }) => void;
  'complaint:viewers': (p: { complaintId: string; viewers: ViewerPayload[] }) => void;
  /** `text` is English; `message` is the same as a code (common/serverText.ts) the console shows in its language. */
  notification: (p: { kind: string; text: string; message?: ServerText; complaintId?: string; reference?: string; at: string }) => void;
  'sla:alert': (p: { complaintId: string; reference: string; clock: string; state: 'at_risk' | 'breached'; dueAt: string; at: string }) => void;
  'remedy:changed': (p: { remedyId: string; complaintId: string; status: string }) => void;
  'agent:presence': (p: { userId: string; availability: string; openCount: number; capacity: number }) => void;
  'metrics:changed': (p: { at: string; reason: string }) => void;
}

export interface ClientToServerEvents {
  'complaint:watch': (p: { complaintId: string; mode: 'viewing' | 'replying' }, ack?: (r: { ok: boolean; error?: string }) => void) => void;
  'complaint:unwatch': (p: { complaintId: string }) => void;
}

/**
 * The customer's tracking page follows its complaint on a server-sent event stream,
 * `GET /api/portal/complaints/{reference}/events` with the X-Tracking-Token header; these are its
 * event names and payloads.
 */
export interface TrackingServerToClientEvents {
  'tracking:changed': (p: TrackingPush) => void;
}

/**
 * Socket rooms. Which rooms a staff socket joins, and which rooms hear about a complaint, is
 * decided by the complaint read policy (server/src/modules/auth/auth.policy.ts) and nowhere else.
 */
export const socketRooms = {
  user: (id: string) => `user:${id}`,
  /** Everyone (agents and supervisors) of one team: that team's complaints. */
  team: (id: string) => `team:${id}`,
  /** The supervisors of one team: supervisor-only news about that team (approvals, SLA alerts, presence). */
  teamSupervisors: (id: string) => `supervisors:${id}`,
  /** Those who may read every complaint (admins). */
  allComplaints: 'complaints:all',
  /** Those who may read complaints not yet routed to a team (supervisors). */
  unrouted: 'complaints:unrouted',
  /** The consoles that have one complaint open (collision warning). */
  complaint: (id: string) => `complaint:${id}`,
} as const;
