import { z } from 'zod';
import { availabilities, roles } from '../auth/schemas';

const reason = (label: string) => z.string().trim().min(3, `${label}: say why in a few words`).max(500, `${label} must be at most 500 characters`);
const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'Not a valid id');

/** POST /api/complaints/:id/assign (supervisors): give it to a named agent of its team. */
export const assignComplaintSchema = z.strictObject({ agentId: objectId, reason: z.string().trim().max(500).optional() });
export type AssignComplaintInput = z.infer<typeof assignComplaintSchema>;

/** POST /api/complaints/:id/handback (the assignee): routing offers it to someone else. */
export const handBackSchema = z.strictObject({ reason: reason('Reason') });

/** POST /api/complaints/:id/escalate: move it to the senior team's queue. */
export const escalateSchema = z.strictObject({ reason: reason('Reason') });

/** PUT /api/auth/me/availability: the agent's own choice (presence also moves offline <-> online). */
export const availabilitySchema = z.strictObject({ availability: z.enum(availabilities) });

export const routingStrategyNames = ['skills_load', 'round_robin'] as const;
export type RoutingStrategyName = (typeof routingStrategyNames)[number];

const skills = z.strictObject({
  categories: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  languages: z
    .array(z.enum(['en', 'zh']))
    .max(10)
    .default([]),
});

/** Admin: create a staff account. */
export const createUserSchema = z.strictObject({
  email: z
    .email('Enter a valid email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, 'Name is required').max(120),
  role: z.enum(roles),
  password: z.string().min(10, 'Password must be at least 10 characters').max(200),
  teamIds: z.array(objectId).max(20).default([]),
  skills: skills.default({ categories: [], languages: [] }),
  capacity: z.number().int().min(0, 'Capacity cannot be negative').max(100).default(5),
  senior: z.boolean().default(false),
  notifyByEmail: z.boolean().default(false),
  remedyLimits: z.strictObject({ perRemedy: z.number().min(0).max(100_000), perDay: z.number().min(0).max(1_000_000) }).optional(),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** Admin: change a staff account (every field optional; a new password revokes sessions). */
export const updateUserSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name is required').max(120).optional(),
  role: z.enum(roles).optional(),
  password: z.string().min(10, 'Password must be at least 10 characters').max(200).optional(),
  teamIds: z.array(objectId).max(20).optional(),
  skills: skills.optional(),
  capacity: z.number().int().min(0, 'Capacity cannot be negative').max(100).optional(),
  senior: z.boolean().optional(),
  notifyByEmail: z.boolean().optional(),
  active: z.boolean().optional(),
  availability: z.enum(availabilities).optional(),
  remedyLimits: z.strictObject({ perRemedy: z.number().min(0).max(100_000), perDay: z.number().min(0).max(1_000_000) }).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** Admin: create a team. */
export const createTeamSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Use 2-40 lower-case letters, digits and dashes'),
  name: z.string().trim().min(1, 'Name is required').max(80),
  categories: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  senior: z.boolean().default(false),
  routingStrategy: z.enum(routingStrategyNames).default('skills_load'),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const updateTeamSchema = createTeamSchema.omit({ key: true }).partial().strict();
export type UpdateTeamInput = z.infer<typeof updateTeamSchema>;

/** A staff account as the admin screens see it. */
export interface StaffUserView {
  id: string;
  email: string;
  name: string;
  role: (typeof roles)[number];
  teamIds: string[];
  skills: { categories: string[]; languages: string[] };
  capacity: number;
  openCount: number;
  availability: (typeof availabilities)[number];
  senior: boolean;
  notifyByEmail: boolean;
  active: boolean;
  remedyLimits: { perRemedy: number; perDay: number };
}

export interface TeamView {
  id: string;
  key: string;
  name: string;
  categories: string[];
  senior: boolean;
  routingStrategy: RoutingStrategyName;
}
