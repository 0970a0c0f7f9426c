import { Types } from 'mongoose';
import { isOpen, openStatuses, serverText, socketRooms } from '@redress/shared';
import { services } from '../../../platform/context';
import { lockedSection } from '../../../platform/db/serially';
import { errors } from '../../../platform/errors';
import { Team } from '../../auth/team.model';
import { User, type UserDoc } from '../../auth/user.model';
import { teamSupervisorRooms } from '../../auth/auth.policy';
import { eachOf, findMerged } from '../../../platform/db/equalityFanOut';
import { Complaint } from '../../complaints/complaint.model';
import * as complaintCommands from '../../complaints/commands/complaintAssignment';
import { teamForCategory } from '../../complaints/complaintHooks';
import type { ComplaintWritten, LeanComplaint } from '../../complaints/feed/complaintWriter';
import { noteHeld, reconcileHoldings, syncHoldings } from '../agentHoldings';
import { candidatesInTeam, refreshOpenCounts } from '../agentLoad';
import { chooseAgent, priorityScore, queueOrder, routingStrategies, skillsAndLoad, type CandidateAgent, type RoutableComplaint } from '../routingEngine';

/**
 * Every assignment decision runs under one cross-process lock (platform/db/lock.ts): the decision
 * reads agents' loads and writes a complaint, and only serialising those steps keeps two processes
 * (or two requests) from giving one free slot twice — on MongoDB and FerretDB alike. The complaint
 * itself is written through the complaints module's commands; timeline, mail, consoles and the
 * agent's notification follow from the 'assigned' change on the feed.
 */
function withRoutingLock<T>(fn: () => Promise<T>): Promise<T> {
  return lockedSection('routing', fn, { waitMs: 20_000, leaseMs: 30_000 });
}

const ROUTER = 'Redress';

function routable(c: LeanComplaint): RoutableComplaint {
  return {
    id: String(c._id),
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

/** After an assignment: the agent holds the complaint, and their "given work" time (round robin, longest-idle ties). */
async function noteAssigned(agentId: string, complaintId: unknown, at: Date, fromAgentId?: unknown): Promise<void> {
  await noteHeld(agentId, String(complaintId), fromAgentId ? String(fromAgentId) : null);
  await User.updateOne({ _id: agentId }, { $set: { lastAssignedAt: at } });
}

/**
 * Route one complaint: into its team (the team listing its category, else the catch-all) and to the
 * best eligible agent, else into the team's queue. Does nothing for a closed or assigned complaint
 * (safe to call again: the routing subscriber may see a change twice).
 */
export async function routeComplaint(complaintId: unknown): Promise<ComplaintWritten | null> {
  const now = services().clock.now();
  return withRoutingLock(async () => {
    const c = await Complaint.findById(complaintId).lean<LeanComplaint>();
    if (!c || !isOpen(c.status) || c.assigneeId) return null;
    const teamId = c.teamId ? String(c.teamId) : await teamForCategory(c.category);
    if (!teamId) return null;
    const score = priorityScore(routable(c), c.createdAt).score;
    const choice = chooseAgent(routable(c), await candidatesInTeam(teamId), await strategyOf(teamId), (c.handedBackBy ?? []).map(String));
    if (!choice) {
      await complaintCommands.queueComplaint(c, now, teamId, score);
      return null;
    }
    const written = await complaintCommands.assignComplaint(c, choice.agent, {
      strategy: choice.strategy,
      reason: choice.reason,
      reasonText: choice.reasonText,
      by: ROUTER,
      at: now,
      priorityScore: score,
      ...(String(c.teamId ?? '') !== teamId ? { teamId } : {}),
    });
    if (written) await noteAssigned(choice.agent.id, c._id, now);
    return written;
  });
}

/** Make the holdings of the agents a change moved match the complaint as it is now (routing subscriber). */
export function resyncHoldings(agentIds: string[], complaintId: string): Promise<void> {
  return withRoutingLock(() => syncHoldings(agentIds, complaintId));
}

/** Rewrite every agent's holding from the complaints, between two routing decisions. */
export function reconcileAgentHoldings(): Promise<number> {
  return withRoutingLock(() => reconcileHoldings());
}

/** How many queued complaints one drain looks at (highest stored score first). */
const DRAIN_BATCH = 500;

/**
 * Give queued complaints to agents with free capacity, highest priority first (waiting time
 * counts), until no eligible agent is left. Run when capacity frees up and by the queue sweep.
 */
export async function drainQueue(): Promise<ComplaintWritten[]> {
  const now = services().clock.now();
  return withRoutingLock(async () => {
    const queued = await findMerged<LeanComplaint>(
      Complaint as never,
      eachOf('status', openStatuses).map((f) => ({ ...f, assigneeId: null, teamId: { $ne: null } })),
      {
        sort: [
          ['priorityScore', -1],
          ['createdAt', 1],
        ],
        limit: DRAIN_BATCH,
      },
    );
    if (queued.length === 0) return [];
    const teams = new Map<string, { agents: CandidateAgent[]; strategy: Awaited<ReturnType<typeof strategyOf>> }>();
    const done: ComplaintWritten[] = [];
    for (const c of queueOrder(
      queued.map((q) => ({ ...routable(q), doc: q })),
      now,
    )) {
      const teamId = String(c.doc.teamId);
      if (!teams.has(teamId)) teams.set(teamId, { agents: await candidatesInTeam(teamId), strategy: await strategyOf(teamId) });
      const team = teams.get(teamId)!;
      const choice = chooseAgent(c, team.agents, team.strategy, (c.doc.handedBackBy ?? []).map(String));
      if (!choice) continue;
      const written = await complaintCommands.assignComplaint(c.doc, choice.agent, {
        strategy: choice.strategy,
        reason: `${choice.reason}; from the queue`,
        reasonText: { ...choice.reasonText, params: { ...choice.reasonText.params, fromQueue: true } },
        by: ROUTER,
        at: now,
      });
      if (!written) continue;
      await noteAssigned(choice.agent.id, c.doc._id, now);
      done.push(written);
      // An agent in several teams carries the new load into every team's candidate list.
      for (const t of teams.values()) for (const ag of t.agents) if (ag.id === choice.agent.id) ag.openCount += 1;
    }
    return done;
  });
}

/** An agent takes an unassigned complaint of their team: refused when taken meanwhile or at capacity. */
export async function claimComplaint(c: LeanComplaint, user: UserDoc): Promise<ComplaintWritten> {
  const now = services().clock.now();
  return withRoutingLock(async () => {
    const fresh = await Complaint.findById(c._id).lean<LeanComplaint>();
    if (!fresh || !isOpen(fresh.status)) throw errors.invalidState('This complaint is no longer open');
    if (fresh.assigneeId) {
      if (String(fresh.assigneeId) === user.id) throw errors.conflict('This complaint is already yours');
      throw errors.conflict(`Already assigned to ${fresh.assigneeName ?? 'another agent'}`);
    }
    const open = (await refreshOpenCounts([user._id])).get(user.id) ?? 0;
    if (open >= user.capacity) throw errors.conflict(`You are at capacity (${open}/${user.capacity}); resolve or hand back first`);
    const done = await complaintCommands.assignComplaint(
      fresh,
      { id: user.id, name: user.name },
      {
        strategy: 'claim',
        reason: `${user.name} took it from the queue`,
        reasonText: serverText('routing.claimed', { agent: user.name }),
        by: user.name,
        at: now,
      },
    );
    if (!done) throw errors.conflict('Someone else took it first');
    await noteAssigned(user.id, fresh._id, now);
    return done;
  });
}

/** A supervisor gives a complaint to a named agent of its team (within that agent's capacity). */
export async function reassignComplaint(c: LeanComplaint, agentId: string, by: UserDoc, reason?: string): Promise<ComplaintWritten> {
  const now = services().clock.now();
  return withRoutingLock(async () => {
    const fresh = await Complaint.findById(c._id).lean<LeanComplaint>();
    if (!fresh || !isOpen(fresh.status)) throw errors.invalidState('This complaint is no longer open');
    const agent = Types.ObjectId.isValid(agentId) ? await User.findOne({ _id: agentId, role: 'agent', active: true }) : null;
    if (!agent) throw errors.validation([{ path: 'agentId', message: 'No active agent with this id' }]);
    if (!agent.teamIds.some((t) => String(t) === String(fresh.teamId)))
      throw errors.validation([{ path: 'agentId', message: `${agent.name} is not in this complaint's team` }]);
    if (String(fresh.assigneeId) === agent.id) throw errors.conflict(`Already assigned to ${agent.name}`);
    const open = (await refreshOpenCounts([agent._id])).get(agent.id) ?? 0;
    if (open >= agent.capacity) throw errors.conflict(`${agent.name} is at capacity (${open}/${agent.capacity})`);
    const why = reason ? `reassigned by ${by.name}: ${reason}` : `reassigned by ${by.name}`;
    const reasonText = serverText('routing.reassigned', { by: by.name, note: reason ?? null });
    const done = await complaintCommands.assignComplaint(
      fresh,
      { id: agent.id, name: agent.name },
      { strategy: 'manual', reason: why, reasonText, by: by.name, at: now },
    );
    if (!done) throw errors.conflict('The complaint changed meanwhile; reload and try again');
    await noteAssigned(agent.id, fresh._id, now, fresh.assigneeId);
    return done;
  });
}

/** The assignee gives a complaint back with a reason; the routing subscriber offers it to someone else. */
export async function handBackComplaint(c: LeanComplaint, user: UserDoc, reason: string): Promise<ComplaintWritten> {
  const done = await complaintCommands.handBackComplaint(c, { id: user.id, name: user.name }, reason, services().clock.now());
  if (!done) throw errors.conflict('The complaint changed meanwhile; reload and try again');
  return done;
}

/** The senior team, or a 409 telling the admin to set one up. */
export async function seniorTeam(): Promise<{ teamId: string; teamName: string } | null> {
  const senior = await Team.findOne({ senior: true }).lean();
  return senior ? { teamId: String(senior._id), teamName: senior.name } : null;
}

/** Move a complaint to the senior team's queue (agents escalate, supervisors too). */
export async function escalateToSenior(c: LeanComplaint, user: UserDoc, reason: string): Promise<ComplaintWritten> {
  const senior = await seniorTeam();
  if (!senior) throw errors.invalidState('No senior team is set up; ask an admin to mark a team as senior');
  if (senior.teamId === String(c.teamId)) throw errors.invalidState(`Already with ${senior.teamName}`);
  const done = await complaintCommands.escalateComplaint(c._id, senior, { reason, by: user.name, at: services().clock.now() });
  if (!done) throw errors.conflict('The complaint changed meanwhile; reload and try again');
  return done;
}

/** Push an agent's availability and load to their teams' supervisors' dashboards and the agent. */
export async function broadcastPresence(userId: string): Promise<void> {
  const u = await User.findById(userId, { availability: 1, openCount: 1, capacity: 1, teamIds: 1 }).lean();
  if (!u) return;
  // The supervisors of the agent's teams, and the agent's own consoles: their availability switch follows presence changes.
  services()
    .realtime.toRooms([...teamSupervisorRooms(u.teamIds), socketRooms.user(userId)])
    .emit('agent:presence', { userId, availability: u.availability, openCount: u.openCount, capacity: u.capacity });
}
