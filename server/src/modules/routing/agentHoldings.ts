/**
 * Agent holdings: one small document per agent (`agent_holdings`, _id = the agent's id) listing the
 * open complaints they hold. Routing reads an agent's load from it by `_id`, instead of querying
 * every open complaint for each decision: on the embedded FerretDB only an exact `_id` filter is
 * answered from an index, so that query read the whole backlog (all of it, once per status) for
 * every complaint filed, and grew with it.
 *
 * The complaints stay the source of truth; the holdings are routing's index of them:
 * - routing adds a complaint to its new holder when it assigns (under the routing lock, so the
 *   next decision sees it);
 * - the routing feed subscriber re-asserts the holding of every agent a change moved (assigned,
 *   handed back, reassigned, escalated, resolved, reopened) from the complaint as it now is:
 *   idempotent, so a repeated or late change converges on the current state;
 * - an agent without a document is counted from the complaints once (new agents, first start,
 *   data written by imports or the demo seed), and the reconcile job rewrites every agent's
 *   document from the complaints every few minutes, healing any drift (a crash between a
 *   complaint write and its holding).
 * Every write here runs under the routing lock (complaintAssigner.ts), which also makes FerretDB's
 * non-atomic `$addToSet`/`$pull` on one document safe across processes.
 */
import mongoose, { Schema, Types } from 'mongoose';
import { isOpen, openStatuses } from '@redress/shared';
import { eachOf, findMerged } from '../../platform/db/equalityFanOut';
import { Complaint } from '../complaints/complaint.model';

interface HoldingDoc {
  _id: string;
  open: string[];
  updatedAt: Date;
}

const holdingSchema = new Schema<HoldingDoc>({ _id: String, open: { type: [String], default: [] }, updatedAt: Date }, { versionKey: false });
const AgentHolding = mongoose.model<HoldingDoc>('AgentHolding', holdingSchema, 'agent_holdings');

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** The open complaints an agent holds, counted from the complaints (one equality per open status). */
async function heldFromComplaints(agentId: string): Promise<string[]> {
  const assigneeId = new Types.ObjectId(agentId);
  const docs = await findMerged<{ _id: Types.ObjectId }>(
    Complaint as never,
    eachOf('status', openStatuses).map((f) => ({ ...f, assigneeId })),
    { projection: { _id: 1 } },
  );
  return docs.map((d) => String(d._id));
}

/** Open complaints per agent. An agent seen for the first time is counted from the complaints and stored. */
export async function holdingCounts(agentIds: readonly string[]): Promise<Map<string, number>> {
  const counts = await Promise.all(
    agentIds.map(async (id): Promise<[string, number]> => {
      const doc = await AgentHolding.findById(id).lean();
      if (doc) return [id, doc.open.length];
      const open = await heldFromComplaints(id);
      await AgentHolding.create({ _id: id, open, updatedAt: new Date() }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      return [id, open.length];
    }),
  );
  return new Map(counts);
}

/** Routing gave `complaintId` to `agentId` (and took it from `fromAgentId`, on a reassignment). */
export async function noteHeld(agentId: string, complaintId: string, fromAgentId?: string | null): Promise<void> {
  await holdingCounts([agentId]); // counted from the complaints first if new, then kept by increments
  const now = new Date();
  await AgentHolding.updateOne({ _id: agentId }, { $addToSet: { open: complaintId }, $set: { updatedAt: now } });
  if (fromAgentId && fromAgentId !== agentId) await AgentHolding.updateOne({ _id: fromAgentId }, { $pull: { open: complaintId }, $set: { updatedAt: now } });
}

/** Make each agent's holding of one complaint match the complaint as it is now. */
export async function syncHoldings(agentIds: readonly string[], complaintId: string): Promise<void> {
  const c = await Complaint.findById(complaintId, { status: 1, assigneeId: 1 }).lean();
  const holder = c && isOpen(c.status) && c.assigneeId ? String(c.assigneeId) : null;
  const now = new Date();
  await Promise.all(
    [...new Set(agentIds)].map(async (id) => {
      const exists = await AgentHolding.exists({ _id: id });
      if (!exists) return holdingCounts([id]); // counted afresh from the complaints, this one included
      await AgentHolding.updateOne(
        { _id: id },
        id === holder ? { $addToSet: { open: complaintId }, $set: { updatedAt: now } } : { $pull: { open: complaintId }, $set: { updatedAt: now } },
      );
    }),
  );
}

/** Rewrite every agent's holding from the complaints (drift repair); returns how many documents changed. */
export async function reconcileHoldings(): Promise<number> {
  const open = await findMerged<{ _id: Types.ObjectId; assigneeId: Types.ObjectId | null }>(Complaint as never, eachOf('status', openStatuses), {
    projection: { assigneeId: 1 },
  });
  const held = new Map<string, string[]>();
  for (const c of open) if (c.assigneeId) held.set(String(c.assigneeId), [...(held.get(String(c.assigneeId)) ?? []), String(c._id)]);
  const docs = await AgentHolding.find({}).lean();
  const now = new Date();
  let changed = 0;
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
  for (const d of docs) {
    const want = held.get(d._id) ?? [];
    held.delete(d._id);
    if (same(d.open, want)) continue;
    await AgentHolding.updateOne({ _id: d._id }, { $set: { open: want, updatedAt: now } });
    changed++;
  }
  // Agents holding work without a document yet get one now (others are counted when first asked).
  for (const [id, want] of held) {
    await AgentHolding.create({ _id: id, open: want, updatedAt: now }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    changed++;
  }
  return changed;
}
