/**
 * GET /api/metrics/drilldown: the complaints behind a figure, paged. Rollup figures map to a
 * query over raw complaints on the same time field the rollup counted them at; live figures
 * (backlog, at risk, breached) page through the bounded open set.
 */
import mongoose from 'mongoose';
import type { DrilldownItem, DrilldownQuery, DrilldownResponse } from '@redress/shared';
import { errors } from '../../platform/errors';
import { Complaint } from '../complaints/complaint.model';
import type { ComplaintFields } from '../complaints/complaint.types';
import { ageBucketOf, complaintFilter, openComplaints, riskOf } from './liveState';
import { NO_TEAM } from '../auth/auth.policy';
import { teamsOf, type RollupFilters } from './rollupReader';
import { durationTargets } from './settings';
import { RollupState } from './rollupState.model';

const keyFields: Record<string, string> = {
  team: 'teamId',
  category: 'category',
  rootCause: 'rootCause',
  kind: 'kind',
  channel: 'channel',
  agent: 'assigneeId',
  status: 'status',
  priority: 'priority',
};

type Lean = ComplaintFields & { _id: mongoose.Types.ObjectId };

/** The presented row: what a supervisor needs to pick a complaint, nothing internal. */
export function presentDrilldownItem(c: Lean): DrilldownItem {
  return {
    id: String(c._id),
    reference: c.reference,
    status: c.status,
    priority: c.priority,
    category: c.category,
    channel: c.channel,
    customerName: c.customer.name,
    assigneeName: c.assigneeName ?? null,
    createdAt: c.createdAt.toISOString(),
    firstResponseAt: c.firstResponseAt ? c.firstResponseAt.toISOString() : null,
    resolvedAt: c.resolvedAt ? c.resolvedAt.toISOString() : null,
    csatScore: typeof c.csat?.score === 'number' ? c.csat.score : null,
  };
}

function keyFilter(key: string): {
  filter: Record<string, unknown>;
  ageBucket?: string;
} {
  if (key === 'all') return { filter: {} };
  const [dim, value] = key.split(':', 2) as [string, string];
  if (dim === 'age') return { filter: {}, ageBucket: value };
  const field = keyFields[dim];
  if (!field) throw errors.validation([{ path: 'query.key', message: `Unknown dimension "${dim}"` }]);
  if (field === 'teamId' || field === 'assigneeId') {
    if (value === 'none') return { filter: { [field]: null } };
    if (!mongoose.isValidObjectId(value)) throw errors.validation([{ path: 'query.key', message: 'Not a valid id' }]);
  }
  return { filter: { [field]: value } };
}

/** Query and sort field for each rollup-backed metric (the time field it is counted at). */
function metricQuery(metric: DrilldownQuery['metric'], range: { $gte: Date; $lt: Date }): { q: Record<string, unknown>; sort: string; counted?: string } {
  const resolved = {
    status: { $in: ['resolved', 'closed'] },
    resolvedAt: range,
  };
  switch (metric) {
    case 'created':
      return { q: { createdAt: range }, sort: 'createdAt' };
    case 'repeat':
      return {
        q: { createdAt: range, 'customer.priorComplaints': { $gt: 0 } },
        sort: 'createdAt',
      };
    case 'reopened':
      return {
        q: { createdAt: range, reopenCount: { $gt: 0 } },
        sort: 'createdAt',
      };
    case 'resolved':
      return { q: resolved, sort: 'resolvedAt' };
    // What the rollup counted is recorded per complaint (RollupState), so the list matches the figure exactly.
    case 'resolvedWithinTarget':
      return {
        q: resolved,
        sort: 'resolvedAt',
        counted: 'applied.res.inc.resolvedWithinTarget',
      };
    case 'resBreached':
      return {
        q: resolved,
        sort: 'resolvedAt',
        counted: 'applied.res.inc.resBreached',
      };
    case 'frBreached':
      return {
        q: { firstResponseAt: range },
        sort: 'firstResponseAt',
        counted: 'applied.fr.inc.frBreached',
      };
    case 'closed':
      return { q: { status: 'closed', closedAt: range }, sort: 'closedAt' };
    case 'csat':
      return { q: { 'csat.at': range }, sort: 'csat.at' };
    default:
      throw new Error(`not a rollup metric: ${metric}`);
  }
}

/**
 * The page of complaints behind `metric` for `key` in the range, within the viewer's teams
 * (scope.ts; absent: all); `mayRead` drops anything else the read policy refuses, as a last guard.
 */
export async function buildDrilldown(
  q: DrilldownQuery,
  now: Date,
  all = false,
  scope: { teams?: string[]; mayRead?: (c: Lean) => boolean } = {},
): Promise<DrilldownResponse> {
  const filters: RollupFilters = { team: q.team, teams: scope.teams, category: q.category, channel: q.channel };
  const { filter, ageBucket } = keyFilter(q.key);
  // A key naming a team outside the scope (or no team) would replace the scope's team condition below.
  const scoped = teamsOf(filters);
  if (scoped && 'teamId' in filter && !scoped.includes(filter.teamId === null ? NO_TEAM : String(filter.teamId))) {
    return { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
  }
  const present = (docs: Lean[]) => docs.filter((d) => !scope.mayRead || scope.mayRead(d)).map(presentDrilldownItem);
  const skip = all ? 0 : (q.page - 1) * q.pageSize;
  const limit = all ? 10_000 : q.pageSize;
  if (q.metric === 'backlog' || q.metric === 'atRisk' || q.metric === 'breached') {
    const targets = await durationTargets();
    let open = await openComplaints(filters, filter);
    if (ageBucket) open = open.filter((c) => ageBucketOf(c, now) === ageBucket);
    if (q.metric !== 'backlog') open = open.filter((c) => riskOf(c, now, targets) === (q.metric === 'atRisk' ? 'at_risk' : 'breached'));
    open.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const page = open.slice(skip, skip + limit).map((c) => c._id);
    // One _id lookup each (a page is small): the embedded database answers `$in` with a scan.
    const docs = (await Promise.all(page.map((id) => Complaint.findById(id).lean()))).filter((d): d is NonNullable<typeof d> => !!d) as Lean[];
    return {
      items: present(docs),
      page: q.page,
      pageSize: q.pageSize,
      total: open.length,
    };
  }
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 86_400_000);
  const {
    q: mq,
    sort,
    counted,
  } = metricQuery(q.metric, {
    $gte: from,
    $lt: to,
  });
  const countedIds = counted ? (await RollupState.find({ [counted]: 1 }, { _id: 1 }).lean()).map((r) => r._id) : null;
  const query = {
    ...mq,
    ...complaintFilter(filters),
    ...filter,
    ...(countedIds ? { _id: { $in: countedIds } } : {}),
  };
  const [docs, total] = await Promise.all([
    Complaint.find(query)
      .sort({ [sort]: -1, _id: -1 })
      .skip(skip)
      .limit(limit)
      .lean() as Promise<Lean[]>,
    Complaint.countDocuments(query),
  ]);
  return {
    items: present(docs),
    page: q.page,
    pageSize: q.pageSize,
    total,
  };
}
