import { Types } from 'mongoose';
import { isOpen, openStatuses, socketRooms } from '@redress/shared';
import { services } from '../../../platform/context';
import { withLock } from '../../../platform/db/lock';
import { errors } from '../../../platform/errors';
import { Team } from '../../auth/team.model';
import { User, type UserDoc } from '../../auth/user.model';
import { Complaint, type ComplaintDoc } from '../../complaints/complaint.model';
import { publishComplaintChange } from '../../complaints/complaintChanges';
import { broadcastComplaint } from '../../complaints/complaintHooks';
import { recordEvent, systemActor, type Actor } from '../../complaints/commands/timelineRecorder';
import { enqueueMail } from '../../notifications/outbox';
import { candidatesInTeam, refreshOpenCounts } from '../agentLoad';
import { chooseAgent, priorityScore, queueOrder, routingStrategies, skillsAndLoad, type CandidateAgent, type RoutableComplaint } from '../routingEngine';

/**
 * Every assignment decision runs under one cross-process lock (platform/db/lock.ts): the decision
 * reads agents' loads and writes a complaint and a user, and only serialising those steps keeps two
 * processes (or two requests) from giving one free slot twice — on MongoDB and FerretDB alike.
 */
function withRoutingLock<T>(fn: () => Promise<T>): Promise<T> {
  return withLock('routing', fn, { waitMs: 20_000, leaseMs: 30_000 });
}

export interface Assignment {
  complaintId: string;
  reference: string;
  agent: { id: string; name: string };
  previousAssigneeId: string | null;
  strategy: string;
  reason: string;
  by: Actor;
  at: Date;
}

function routable(c: ComplaintDoc): RoutableComplaint {
  return {
    id: c.id,
    category: c.category,
    language: c.language,
    severity: c.severity,
    kind: c.kind,
    customer: { tier: c.customer.tier, lifetimeValue: c.customer.lifetimeValue, priorComplaints: c.customer.priorComplaints },
    createdAt: c.createdAt,
  };
}

async function strategyOf(teamId: unknown) {
  const team = await Team.findById(teamId, { routingStrategy: 1 }).lean();
  return routingStrategies[team?.routingStrategy ?? ''] ?? skillsAndLoad;
}

/**
 * Write one assignment: conditional on the assignee the caller saw, so a stale decision changes
 * nothing. Caller holds the routing lock. New complaints move to `assigned`.
 */
async function writeAssignment(c: ComplaintDoc, agent: { id: string; name: string }, how: { strategy: string; reason: string; by: Actor }, at: Date): Promise<Assignment | null> {
  const previous = c.assigneeId ?? null;
  const res = await Complaint.updateOne(
    { _id: c._id, assigneeId: previous, status: { $in: [...openStatuses] } },
    {
      $set: {
        assigneeId: new Types.ObjectId(agent.id),
        assigneeName: agent.name,
        assignedAt: at,
        queuedAt: null,
        assignment: { strategy: how.strategy, reason: how.reason, at, by: how.by.name },
        updatedAt: at,
        ...(c.status === 'new' ? { status: 'assigned' } : {}),
      },
    },
  );
  if (res.modifiedCount !== 1) return null;
  await User.updateOne({ _id: agent.id }, { $set: { lastAssignedAt: at } });
  await refreshOpenCounts([new Types.ObjectId(agent.id), ...(previous ? [previous] : [])]);
  return { complaintId: c.id, reference: c.reference, agent, previousAssigneeId: previous ? String(previous) : null, ...how, at };
}

/** Mark a complaint as waiting in the queue (once per stay in the queue). */
async function markQueued(c: ComplaintDoc, at: Date): Promise<boolean> {
  if (c.queuedAt) return false;
  const res = await Complaint.updateOne({ _id: c._id, assigneeId: null, queuedAt: null }, { $set: { queuedAt: at, updatedAt: at } });
  return res.modifiedCount === 1;
}

/** Tell everyone: timeline, other domains, consoles, and the agent (console notification, optional email). */
async function announce(a: Assignment): Promise<void> {
  const complaint = await Complaint.findById(a.complaintId);
  if (!complaint) return;
  await recordEvent({
    complaint,
    type: 'assigned',
    visibility: 'internal',
    actor: a.by,
    body: `Assigned to ${a.agent.name}: ${a.reason}`,
    data: { assigneeId: a.agent.id, assigneeName: a.agent.name, strategy: a.strategy, reason: a.reason, previousAssigneeId: a.previousAssigneeId },
    dedupeKey: `assigned:${a.complaintId}:${a.agent.id}:${a.at.getTime()}`,
    at: a.at,
  });
  await publishComplaintChange({ type: 'assigned', complaintId: a.complaintId, at: a.at, assigneeId: a.agent.id, previousAssigneeId: a.previousAssigneeId });
  await broadcastComplaint(a.complaintId);
  const { realtime, publicUrl } = services();
  realtime.toRooms([socketRooms.user(a.agent.id)]).emit('notification', {
    kind: 'assigned',
    text: `${a.reference} was assigned to you (${complaint.subject})`,
    complaintId: a.complaintId,
    reference: a.reference,
    at: a.at.toISOString(),
  });
  const agent = await User.findById(a.agent.id, { email: 1, notifyByEmail: 1 }).lean();
  await broadcastPresence(a.agent.id);
  if (agent) {
    if (agent.notifyByEmail) {
      await enqueueMail({
        dedupeKey: `assigned-mail:${a.complaintId}:${a.agent.id}:${a.at.getTime()}`,
        to: agent.email,
        subject: `[${a.reference}] assigned to you: ${complaint.subject}`,
        text: `${a.reference} was assigned to you.\n\n${complaint.subject}\n\nOpen it: ${publicUrl}/console?c=${a.complaintId}\n`,
      });
    }
  }
  if (a.previousAssigneeId) await broadcastPresence(a.previousAssigneeId);
}

/** Push an agent's availability and load to the supervisors' dashboards and the agent. */
export async function broadcastPresence(userId: string): Promise<void> {
  const u = await User.findById(userId, { availability: 1, openCount: 1, capacity: 1 }).lean();
  if (!u) return;
  // The agent's own consoles hear it too: their availability switch follows presence changes.
  services()
    .realtime.toRooms([socketRooms.supervisors, socketRooms.user(userId)])
    .emit('agent:presence', { userId, availability: u.availability, openCount: u.openCount, capacity: u.capacity });
}

async function recordQueued(c: ComplaintDoc, at: Date): Promise<void> {
  await recordEvent({
    complaint: c,
    type: 'queued',
    visibility: 'internal',
    actor: systemActor,
    body: 'No agent with the skills and free capacity is online: waiting in the team queue',
    dedupeKey: `queued:${c.id}:${at.getTime()}`,
    at,
  });
  await broadcastComplaint(c._id);
}

/**
 * Route one complaint: the best eligible agent of its team gets it, else it waits in the queue.
 * Does nothing for a closed, already assigned or team-less complaint (safe to call again).
 */
export async function routeComplaint(complaintId: unknown): Promise<Assignment | null> {
  const now = services().clock.now();
  type Decision = { kind: 'queued'; c: ComplaintDoc } | { kind: 'assigned'; a: Assignment } | null;
  const decided = await withRoutingLock(async (): Promise<Decision> => {
    const c = await Complaint.findById(complaintId);
    if (!c || !isOpen(c.status) || c.assigneeId || !c.teamId) return null;
    const score = priorityScore(routable(c), c.createdAt).score;
    if (c.priorityScore !== score) await Complaint.updateOne({ _id: c._id }, { $set: { priorityScore: score } });
    const choice = chooseAgent(routable(c), await candidatesInTeam(c.teamId), await strategyOf(c.teamId), c.handedBackBy.map(String));
    if (!choice) return (await markQueued(c, now)) ? { kind: 'queued', c } : null;
    const a = await writeAssignment(c, choice.agent, { strategy: choice.strategy, reason: choice.reason, by: systemActor }, now);
    return a ? { kind: 'assigned', a } : null;
  });
  if (decided?.kind === 'queued') await recordQueued(decided.c, now);
  if (decided?.kind !== 'assigned') return null;
  await announce(decided.a);
  return decided.a;
}

/** How many queued complaints one drain looks at (highest stored score first). */
const DRAIN_BATCH = 500;

/**
 * Give queued complaints to agents with free capacity, highest priority first (waiting time
 * counts), until no eligible agent is left. Run when capacity frees up and by the queue sweep.
 */
export async function drainQueue(): Promise<Assignment[]> {
  const now = services().clock.now();
  const made = await withRoutingLock(async () => {
    const queued = await Complaint.find({ assigneeId: null, status: { $in: [...openStatuses] }, teamId: { $ne: null } })
      .sort({ priorityScore: -1, createdAt: 1 })
      .limit(DRAIN_BATCH);
    if (queued.length === 0) return [];
    const teams = new Map<string, { agents: CandidateAgent[]; strategy: Awaited<ReturnType<typeof strategyOf>> }>();
    const done: Assignment[] = [];
    for (const c of queueOrder(queued.map((q) => ({ ...routable(q), doc: q })), now)) {
      const teamId = String(c.doc.teamId);
      if (!teams.has(teamId)) teams.set(teamId, { agents: await candidatesInTeam(teamId), strategy: await strategyOf(teamId) });
      const team = teams.get(teamId)!;
      const choice = chooseAgent(c, team.agents, team.strategy, c.doc.handedBackBy.map(String));
      if (!choice) continue;
      const a = await writeAssignment(c.doc, choice.agent, { strategy: choice.strategy, reason: `${choice.reason}; from the queue`, by: systemActor }, now);
      if (!a) continue;
      done.push(a);
      // An agent in several teams carries the new load into every team's candidate list.
      for (const t of teams.values()) for (const ag of t.agents) if (ag.id === choice.agent.id) ag.openCount += 1;
    }
    return done;
  });
  for (const a of made) await announce(a);
  return made;
}

/** An agent takes an unassigned complaint of their team: refused when taken meanwhile or at capacity. */
export async function claimComplaint(c: ComplaintDoc, user: UserDoc): Promise<Assignment> {
  const now = services().clock.now();
  const a = await withRoutingLock(async () => {
    const fresh = await Complaint.findById(c._id);
    if (!fresh || !isOpen(fresh.status)) throw errors.invalidState('This complaint is no longer open');
    if (fresh.assigneeId) {
      if (String(fresh.assigneeId) === user.id) throw errors.conflict('This complaint is already yours');
      throw errors.conflict(`Already assigned to ${fresh.assigneeName ?? 'another agent'}`);
    }
    const open = (await refreshOpenCounts([user._id])).get(user.id) ?? 0;
    if (open >= user.capacity) throw errors.conflict(`You are at capacity (${open}/${user.capacity}); resolve or hand back first`);
    const done = await writeAssignment(fresh, { id: user.id, name: user.name }, { strategy: 'claim', reason: `${user.name} took it from the queue`, by: staff(user) }, now);
    if (!done) throw errors.conflict('Someone else took it first');
    return done;
  });
  await announce(a);
  return a;
}

/** A supervisor gives a complaint to a named agent of its team (within that agent's capacity). */
export async function assignComplaint(c: ComplaintDoc, agentId: string, by: UserDoc, reason?: string): Promise<Assignment> {
  const now = services().clock.now();
  const a = await withRoutingLock(async () => {
    const fresh = await Complaint.findById(c._id);
    if (!fresh || !isOpen(fresh.status)) throw errors.invalidState('This complaint is no longer open');
    const agent = Types.ObjectId.isValid(agentId) ? await User.findOne({ _id: agentId, role: 'agent', active: true }) : null;
    if (!agent) throw errors.validation([{ path: 'agentId', message: 'No active agent with this id' }]);
    if (!agent.teamIds.some((t) => String(t) === String(fresh.teamId))) throw errors.validation([{ path: 'agentId', message: `${agent.name} is not in this complaint's team` }]);
    if (String(fresh.assigneeId) === agent.id) throw errors.conflict(`Already assigned to ${agent.name}`);
    const open = (await refreshOpenCounts([agent._id])).get(agent.id) ?? 0;
    if (open >= agent.capacity) throw errors.conflict(`${agent.name} is at capacity (${open}/${agent.capacity})`);
    const why = reason ? `reassigned by ${by.name}: ${reason}` : `reassigned by ${by.name}`;
    const done = await writeAssignment(fresh, { id: agent.id, name: agent.name }, { strategy: 'manual', reason: why, by: staff(by) }, now);
    if (!done) throw errors.conflict('The complaint changed meanwhile; reload and try again');
    return done;
  });
  await announce(a);
  return a;
}

/**
 * Unassign under the lock (hand back, escalation): back to `new` unless it waits on the customer,
 * with the team optionally changed. Returns the complaint as it was.
 */
async function unassign(c: ComplaintDoc, guard: Record<string, unknown>, set: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<ComplaintDoc> {
  return withRoutingLock(async () => {
    const fresh = await Complaint.findOne({ _id: c._id, ...guard });
    if (!fresh || !isOpen(fresh.status)) throw errors.conflict('The complaint changed meanwhile; reload and try again');
    const status = fresh.status === 'assigned' || fresh.status === 'in_progress' ? 'new' : fresh.status;
    const res = await Complaint.updateOne(
      { _id: fresh._id, assigneeId: fresh.assigneeId },
      { $set: { assigneeId: null, assigneeName: null, assignedAt: null, queuedAt: null, status, ...set }, ...extra },
    );
    if (res.modifiedCount !== 1) throw errors.conflict('The complaint changed meanwhile; reload and try again');
    if (fresh.assigneeId) await refreshOpenCounts([fresh.assigneeId]);
    return fresh;
  });
}

async function afterUnassign(before: ComplaintDoc, event: { type: 'unassigned' | 'escalated'; body: string; data: Record<string, unknown>; actor: Actor }, at: Date): Promise<void> {
  const complaint = (await Complaint.findById(before._id))!;
  await recordEvent({ complaint, ...event, visibility: 'internal', dedupeKey: `${event.type}:${before.id}:${at.getTime()}`, at });
  await publishComplaintChange({
    type: 'assigned',
    complaintId: before.id,
    at,
    assigneeId: null,
    previousAssigneeId: before.assigneeId ? String(before.assigneeId) : null,
  });
  // The routing listener hears that 'assigned' (assignee null) and routes the complaint again.
  if (before.assigneeId) await broadcastPresence(String(before.assigneeId));
  await broadcastComplaint(before._id);
}

/** The assignee gives a complaint back with a reason; routing offers it to someone else. */
export async function handBackComplaint(c: ComplaintDoc, user: UserDoc, reason: string): Promise<void> {
  const now = services().clock.now();
  const before = await unassign(c, { assigneeId: user._id }, { updatedAt: now }, { $push: { handedBackBy: user._id } });
  await afterUnassign(before, { type: 'unassigned', body: `Handed back by ${user.name}: ${reason}`, data: { reason, by: user.id }, actor: staff(user) }, now);
}

/** Move a complaint to the senior team's queue (agents escalate, supervisors too). */
export async function escalateComplaint(c: ComplaintDoc, user: UserDoc, reason: string): Promise<void> {
  const now = services().clock.now();
  const senior = await Team.findOne({ senior: true }).lean();
  if (!senior) throw errors.invalidState('No senior team is set up; ask an admin to mark a team as senior');
  if (String(senior._id) === String(c.teamId)) throw errors.invalidState(`Already with ${senior.name}`);
  const before = await unassign(c, { teamId: c.teamId }, { teamId: senior._id, updatedAt: now });
  await afterUnassign(before, { type: 'escalated', body: `Escalated to ${senior.name} by ${user.name}: ${reason}`, data: { reason, teamId: String(senior._id) }, actor: staff(user) }, now);
}

function staff(u: UserDoc): Actor {
  return { kind: 'staff', id: u.id, name: u.name };
}
