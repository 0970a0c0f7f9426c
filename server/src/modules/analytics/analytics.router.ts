import { Router } from 'express';
import { agentsQuerySchema, drilldownQuerySchema, overviewQuerySchema, retentionSettingsSchema, type MetricRow, type OverviewResponse } from '@redress/shared';
import { services } from '../../platform/context';
import { parse } from '../../platform/http/validate';
import { Complaint } from '../complaints/complaint.model';
import { analyticsTeams, complaintPolicy, NO_TEAM } from '../auth/auth.policy';
import { requireUser } from '../auth/session';
import { Team } from '../auth/team.model';
import { buildAgentTable } from './agents';
import { sendCsv } from './csv';
import { buildDrilldown } from './drilldown';
import { buildOverview } from './overview';
import { scopedTeams } from './scope';
import { retentionRates, saveRetentionRates } from './settings';
import { buildAtRisk } from './atRisk';
import { outreachOpener } from './commands/outreachOpener';
import { buildRetentionView } from './retentionReader';

const rowHeader = [
  'key',
  'created',
  'resolved',
  'reopened',
  'closed',
  'repeat',
  'frCount',
  'frBreached',
  'resBreached',
  'resolvedWithinTarget',
  'withinTargetShare',
  'frP50s',
  'frP90s',
  'frBusinessP50s',
  'frBusinessP90s',
  'resolutionP50s',
  'resolutionP90s',
  'resolutionBusinessP50s',
  'resolutionBusinessP90s',
  'csatCount',
  'csatAverage',
];

function rowCells(r: MetricRow) {
  return [
    r.key,
    r.created,
    r.resolved,
    r.reopened,
    r.closed,
    r.repeat,
    r.frCount,
    r.frBreached,
    r.resBreached,
    r.resolvedWithinTarget,
    r.withinTargetShare,
    r.firstResponse.p50,
    r.firstResponse.p90,
    r.firstResponseBusiness.p50,
    r.firstResponseBusiness.p90,
    r.resolution.p50,
    r.resolution.p90,
    r.resolutionBusiness.p50,
    r.resolutionBusiness.p90,
    r.csatCount,
    r.csatAverage,
  ];
}

/** The CSV of one overview table. */
function overviewCsv(o: OverviewResponse, table: string): { header: string[]; rows: (string | number | null)[][] } {
  switch (table) {
    case 'backlog':
      return {
        header: ['dimension', 'value', 'open'],
        rows: [
          ...Object.entries(o.live.byStatus).map(([k, v]) => ['status', k, v]),
          ...Object.entries(o.live.byPriority).map(([k, v]) => ['priority', k, v]),
          ...o.live.byTeam.map((t) => ['team', t.name, t.count]),
        ],
      };
    case 'age':
      return {
        header: ['age', 'open'],
        rows: o.live.ageBuckets.map((b) => [b.bucket, b.count]),
      };
    case 'remedies':
      return {
        header: ['type', 'currency', 'count', 'amount'],
        rows: o.recovery.byType.map((r) => [r.type, r.currency ?? '', r.count, r.amount]),
      };
    default: {
      const rows =
        {
          series: o.series,
          category: o.byCategory,
          rootCause: o.byRootCause,
          kind: o.byKind,
          channel: o.byChannel,
        }[table] ?? o.series;
      return { header: rowHeader, rows: rows.map(rowCells) };
    }
  }
}

/** Metrics API for the dashboard: supervisors and admins only. */
export function analyticsRouter(): Router {
  const router = Router();
  router.use(requireUser('supervisor', 'admin'));

  // Every figure, list and export is cut to the teams the read policy gives the user (scope.ts).
  router.get('/overview', async (req, res) => {
    const parsed = parse(overviewQuerySchema, req.query, 'query');
    const { team, teams } = scopedTeams(req.user!, parsed.team);
    const q = { ...parsed, team };
    const overview = await buildOverview(q, services().clock.now(), teams);
    if (q.format === 'csv') {
      const { header, rows } = overviewCsv(overview, q.table);
      return sendCsv(res, `overview-${q.table}.csv`, header, rows);
    }
    res.json(overview);
  });

  router.get('/agents', async (req, res) => {
    const parsed = parse(agentsQuerySchema, req.query, 'query');
    const { team, teams } = scopedTeams(req.user!, parsed.team);
    const table = await buildAgentTable({ ...parsed, team }, services().clock.now(), teams);
    if (parsed.format === 'csv') {
      const header = ['id', 'name', 'role', 'availability', 'openCount', 'capacity', 'handled', 'medianResolutionSeconds', 'csatAverage', 'csatCount'];
      return sendCsv(
        res,
        'agents.csv',
        header,
        table.items.map((a) => header.map((h) => a[h as keyof typeof a])),
      );
    }
    res.json(table);
  });

  router.get('/drilldown', async (req, res) => {
    const parsed = parse(drilldownQuerySchema, req.query, 'query');
    const { team, teams } = scopedTeams(req.user!, parsed.team);
    const q = { ...parsed, team };
    const csv = q.format === 'csv';
    const user = req.user!;
    const page = await buildDrilldown(q, services().clock.now(), csv, { teams, mayRead: (c) => complaintPolicy.read(user, c) });
    if (csv) {
      const header = [
        'reference',
        'status',
        'priority',
        'category',
        'channel',
        'customerName',
        'assigneeName',
        'createdAt',
        'firstResponseAt',
        'resolvedAt',
        'csatScore',
      ];
      return sendCsv(
        res,
        `drilldown-${q.metric}.csv`,
        header,
        page.items.map((i) => header.map((h) => i[h as keyof typeof i])),
      );
    }
    res.json(page);
  });

  // Filter options for the dashboard (teams are not otherwise listed to supervisors).
  router.get('/teams', async (req, res) => {
    const scope = analyticsTeams(req.user!);
    const teams = await Team.find(scope ? { _id: { $in: scope.filter((t) => t !== NO_TEAM) } } : {}, { name: 1, key: 1 })
      .sort({ name: 1 })
      .lean();
    res.json({
      items: teams.map((t) => ({
        id: String(t._id),
        key: t.key,
        name: t.name,
      })),
    });
  });

  // Measured retention from the shop's orders (retention rollups), and the early-warning list.
  // The by-team rows are cut to the teams the reader may see; the other breakdowns are counts
  // over all customers (customers are not per team).
  router.get('/retention', async (req, res) => {
    const view = await buildRetentionView(services().clock.now());
    const scope = analyticsTeams(req.user!);
    res.json(scope ? { ...view, rows: view.rows.filter((r) => r.dim !== 'team' || scope.includes(r.key)) } : view);
  });

  // Customers are not per team (any supervisor may read them), but a complaint is: the link to one
  // the read policy does not allow is left out.
  router.get('/at-risk', async (req, res) => {
    const view = await buildAtRisk(services().clock.now());
    const ids = view.items.flatMap((i) => (i.complaint ? [i.complaint.id] : []));
    const scoped = ids.length ? await Complaint.find({ _id: { $in: ids } }, { teamId: 1, assigneeId: 1 }).lean() : [];
    const readable = new Set(scoped.filter((c) => complaintPolicy.read(req.user!, c)).map((c) => String(c._id)));
    res.json({ ...view, items: view.items.map((i) => (i.complaint && !readable.has(i.complaint.id) ? { ...i, complaint: null } : i)) });
  });

  router.post('/at-risk/:customerId/outreach', async (req, res) => {
    const result = await outreachOpener({ customerId: String(req.params.customerId), by: req.user!.name, at: services().clock.now() });
    res.status(result.replayed ? 200 : 201).json(result);
  });

  router.get('/settings/retention', async (_req, res) => {
    res.json({ rates: await retentionRates() });
  });

  router.put('/settings/retention', async (req, res) => {
    const rates = parse(retentionSettingsSchema, req.body);
    await saveRetentionRates(rates, req.user!.id, services().clock.now());
    res.json({ rates: await retentionRates() });
  });

  return router;
}
