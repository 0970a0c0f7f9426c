import { z } from 'zod';

export const roles = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const availabilities = ['online', 'away', 'offline'] as const;
export type Availability = (typeof availabilities)[number];

export const loginSchema = z.strictObject({
  email: z.email('Enter a valid email address').max(254),
  password: z.string().min(1, 'Enter your password').max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** The signed-in user as the API presents it, with what they may do. */
export interface MeResponse {
  user: {
    id: string;
    email: string;
    name: string;
    role: Role;
    teamIds: string[];
    availability: Availability;
    capacity: number;
    openCount: number;
    locale: string;
    skills: { categories: string[]; languages: string[] };
  };
  csrfToken: string;
  abilities: { supervise: boolean; administer: boolean };
}
