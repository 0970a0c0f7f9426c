import { slaCalendarInputSchema, slaPolicyInputSchema, slaPreviewInputSchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';

/** SLA administration (admins write, supervisors read) and one complaint's SLA. */
export const slaApiDoc: ModuleApiDoc = {
  tag: { name: 'sla', description: 'SLA policies, business calendars and complaint clocks' },
  paths: {
    '/api/sla/policies': {
      get: { summary: 'SLA policies in match order', access: 'supervisor', responses: { 200: '`{ items: SlaPolicy[] }`' } },
      post: { summary: 'Create a policy (open complaints are retargeted)', access: 'admin', body: slaPolicyInputSchema, responses: { 201: '`{ policy }`' } },
    },
    '/api/sla/policies/{id}': {
      put: { summary: 'Replace a policy', access: 'admin', body: slaPolicyInputSchema, responses: { 200: '`{ policy }`' } },
      delete: { summary: 'Delete a policy', access: 'admin', responses: { 204: 'Deleted' } },
    },
    '/api/sla/calendars': {
      get: { summary: 'Business calendars', access: 'supervisor', responses: { 200: '`{ items: SlaCalendar[] }`' } },
      post: { summary: 'Create a calendar', access: 'admin', body: slaCalendarInputSchema, responses: { 201: '`{ calendar }`' } },
    },
    '/api/sla/calendars/{id}': {
      put: { summary: 'Replace a calendar', access: 'admin', body: slaCalendarInputSchema, responses: { 200: '`{ calendar }`' } },
      delete: { summary: 'Delete a calendar no policy uses', access: 'admin', responses: { 204: 'Deleted' }, errors: [409] },
    },
    '/api/sla/preview': {
      post: {
        summary: "An example complaint's first response and resolution due times under the saved policies (nothing is stored)",
        access: 'supervisor',
        body: slaPreviewInputSchema,
        responses: { 200: '`{ preview: SlaPreviewView }` (policy, calendar, and both due times as instants and as local times in `timeZone`)' },
      },
    },
    '/api/complaints/{id}/sla': {
      get: { summary: "A complaint's SLA clocks", access: 'staff', responses: { 200: '`{ sla }` (null until a policy applies)' } },
    },
  },
};
