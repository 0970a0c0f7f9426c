import { agentsQuerySchema, drilldownQuerySchema, overviewQuerySchema, retentionSettingsSchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';

const jsonOrCsv = ['application/json', 'text/csv'];
const teamScope =
  'Admins see every team; a supervisor sees their teams and unrouted complaints (the complaint read policy). `team` naming another team answers 404.';

/** The dashboard's metrics API (mounted at /api/metrics) and Prometheus' /metrics. */
export const analyticsApiDoc: ModuleApiDoc = {
  tag: { name: 'analytics', description: 'Dashboard metrics and the Prometheus endpoint' },
  paths: {
    '/api/metrics/overview': {
      get: {
        summary: "Dashboard overview (format=csv: one table), within the user's teams",
        description: teamScope,
        access: 'supervisor',
        query: overviewQuerySchema,
        responses: { 200: { description: '`OverviewResponse`, or CSV', contentType: jsonOrCsv } },
        errors: [404],
      },
    },
    '/api/metrics/agents': {
      get: {
        summary: "Agent performance table (the user's teams' agents)",
        description: teamScope,
        access: 'supervisor',
        query: agentsQuerySchema,
        responses: { 200: { description: 'Agent table, or CSV', contentType: jsonOrCsv } },
        errors: [404],
      },
    },
    '/api/metrics/drilldown': {
      get: {
        summary: 'The complaints behind one figure (those the user may read)',
        description: teamScope,
        access: 'supervisor',
        query: drilldownQuerySchema,
        responses: { 200: { description: 'A page of complaints, or CSV', contentType: jsonOrCsv } },
        errors: [404],
      },
    },
    '/api/metrics/teams': { get: { summary: 'Teams, for the dashboard filter', access: 'supervisor', responses: { 200: '`{ items: { id, key, name }[] }`' } } },
    '/api/metrics/retention': {
      get: {
        summary: 'Measured retention: customers who ordered again within 30/90/180 days of a complaint',
        description:
          'By resolution speed (within SLA target, late, unresolved), remedy type, tier, root cause and team: sample sizes, Wilson 95% intervals, value ordered, the domain curve beside the speed rows (used, labelled `estimate`, under `minSamples`), and remedy return per remedy type and rule version. Read from rollups only.',
        access: 'supervisor',
        responses: { 200: '`RetentionView`' },
      },
    },
    '/api/metrics/at-risk': {
      get: {
        summary: 'Customers at risk (early warning), with reasons and value at stake',
        access: 'supervisor',
        responses: { 200: '`AtRiskView`' },
      },
    },
    '/api/metrics/at-risk/{customerId}/outreach': {
      post: {
        summary: 'Open a proactive case (channel outreach) for an at-risk customer, routed like a complaint',
        description: 'One per customer and day: a repeat answers 200 with the same case.',
        access: 'supervisor',
        responses: { 201: '`OutreachResult`', 200: '`OutreachResult` (already opened today)' },
      },
    },
    '/api/metrics/settings/retention': {
      get: { summary: 'Retention rates used for the value won back', access: 'supervisor', responses: { 200: '`{ rates }`' } },
      put: { summary: 'Change the retention rates', access: 'supervisor', body: retentionSettingsSchema, responses: { 200: '`{ rates }`' } },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        access: 'metrics',
        responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
        errors: [403],
      },
    },
  },
};
