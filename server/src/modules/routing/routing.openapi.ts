import { assignComplaintSchema, availabilitySchema, escalateSchema, handBackSchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';

const detail = '`{ complaint }` after the change';

/** Who works on a complaint, the queue, and agents' availability. */
export const routingApiDoc: ModuleApiDoc = {
  tag: { name: 'routing', description: 'Assignment, the queue and agent availability' },
  paths: {
    '/api/complaints/{id}/claim': { post: { summary: 'Take a complaint', access: 'staff', responses: { 200: detail }, errors: [409] } },
    '/api/complaints/{id}/assign': {
      post: { summary: 'Assign a complaint to an agent', access: 'staff', body: assignComplaintSchema, responses: { 200: detail }, errors: [409] },
    },
    '/api/complaints/{id}/handback': {
      post: { summary: 'Give a complaint back to the queue', access: 'staff', body: handBackSchema, responses: { 200: detail }, errors: [409] },
    },
    '/api/complaints/{id}/escalate': {
      post: {
        summary: 'Escalate to a senior team',
        access: 'staff',
        body: escalateSchema,
        responses: { 200: '`{ complaint }`, or `{ complaint: null }` when the caller no longer sees it' },
        errors: [409],
      },
    },
    '/api/routing/queue': {
      get: {
        summary: 'Unassigned open complaints in drain order',
        access: 'staff',
        responses: { 200: '`{ items: (ComplaintSummary & { effectiveScore })[] }`' },
      },
    },
    '/api/agents': {
      get: { summary: "Agents of the caller's teams (all for admins)", access: 'staff', responses: { 200: '`{ items: User[] }` with availability and load' } },
    },
    '/api/agents/me/availability': {
      put: { summary: 'Set my availability', access: 'staff', body: availabilitySchema, responses: { 200: '`{ user }`' } },
    },
  },
};
