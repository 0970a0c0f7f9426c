import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Role } from '@redress/shared';
import { Team } from '../../server/src/modules/auth/team.model';
import { User } from '../../server/src/modules/auth/user.model';
import { hashPassword } from '../../server/src/modules/auth/passwords';

const PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | null = null;

function suffix(): string {
  return randomBytes(3).toString('hex');
}

/** A team of its own for this test (isolation without wiping the database). */
export async function createTeam(over: { categories?: string[]; senior?: boolean; name?: string } = {}) {
  const key = `team-${suffix()}`;
  return Team.create({ key, name: over.name ?? key, categories: over.categories ?? [], senior: over.senior ?? false });
}

export interface UserOverrides {
  teamIds?: unknown[];
  categories?: string[];
  languages?: string[];
  capacity?: number;
  availability?: 'online' | 'away' | 'offline';
  name?: string;
  remedyLimits?: { perRemedy: number; perDay: number };
}

export async function createUser(role: Role, over: UserOverrides = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  const id = suffix();
  return User.create({
    email: `${role}-${id}@test.example`,
    name: over.name ?? `${role} ${id}`,
    role,
    passwordHash: await passwordHash,
    teamIds: over.teamIds ?? [],
    skills: { categories: over.categories ?? [], languages: over.languages ?? [] },
    capacity: over.capacity ?? 5,
    availability: over.availability ?? 'offline',
    ...(over.remedyLimits ? { remedyLimits: over.remedyLimits } : {}),
  });
}

/** A signed-in HTTP client: carries the session cookie and sends the CSRF token on writes. */
export interface StaffClient {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
  cookie: string;
  userId: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

export async function login(baseUrl: string, email: string, password = PASSWORD): Promise<StaffClient> {
  const agent = request.agent(baseUrl);
  const res = await agent.post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const csrf = res.body.csrfToken as string;
  const setCookie = res.headers['set-cookie'] as unknown as string[];
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  return {
    agent,
    csrf,
    cookie,
    userId: res.body.user.id,
    get: (p) => agent.get(p),
    post: (p, b) => agent.post(p).set('x-csrf-token', csrf).send(b),
    patch: (p, b) => agent.patch(p).set('x-csrf-token', csrf).send(b),
    put: (p, b) => agent.put(p).set('x-csrf-token', csrf).send(b),
    delete: (p) => agent.delete(p).set('x-csrf-token', csrf),
  };
}

/** A valid public complaint body; override what the test is about. */
export function complaintBody(over: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Test Customer', email: `cust-${suffix()}@example.com` },
    category: 'delivery_delay',
    description: 'My parcel is two weeks late and nobody answers the phone.',
    ...over,
  };
}
