import { createTeamSchema, createUserSchema, updateTeamSchema, updateUserSchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';

/** Admin settings: staff accounts and teams (staff.router.ts, mounted at /api/admin). */
export const staffApiDoc: ModuleApiDoc = {
  tag: { name: 'admin', description: 'Staff accounts and teams' },
  paths: {
    '/api/admin/users': {
      get: { summary: 'All staff accounts', access: 'admin', responses: { 200: '`{ items: StaffUser[] }`' } },
      post: { summary: 'Create a staff account', access: 'admin', body: createUserSchema, responses: { 201: '`{ user: StaffUser }`' }, errors: [409] },
    },
    '/api/admin/users/{id}': {
      patch: {
        summary: 'Change a staff account',
        description: 'A new password, a role change or deactivation ends all sessions of the account.',
        access: 'admin',
        body: updateUserSchema,
        responses: { 200: '`{ user: StaffUser }`' },
      },
    },
    '/api/admin/teams': {
      get: { summary: 'All teams', access: 'staff', responses: { 200: '`{ items: Team[] }`' } },
      post: { summary: 'Create a team', access: 'admin', body: createTeamSchema, responses: { 201: '`{ team: Team }`' }, errors: [409] },
    },
    '/api/admin/teams/{id}': {
      patch: { summary: 'Change a team', access: 'admin', body: updateTeamSchema, responses: { 200: '`{ team: Team }`' } },
    },
  },
};
