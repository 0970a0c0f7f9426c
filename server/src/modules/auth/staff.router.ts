import { Router } from 'express';
import mongoose from 'mongoose';
import { createTeamSchema, createUserSchema, updateTeamSchema, updateUserSchema } from '@redress/shared';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { drainQueue } from '../routing/commands/complaintAssigner';
import { hashPassword, demoPasswords } from './passwords';
import { requireUser } from './session';
import { accessChanged, sessionsEnded } from './commands/accessRefresher';
import { presentStaffUser, presentTeam } from './staff.presenter';
import { Team } from './team.model';
import { User } from './user.model';

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

async function checkTeams(teamIds: string[] | undefined): Promise<void> {
  if (!teamIds?.length) return;
  const found = await Team.countDocuments({ _id: { $in: teamIds } });
  if (found !== new Set(teamIds).size) throw errors.validation([{ path: 'teamIds', message: 'Unknown team' }]);
}

function checkPassword(password: string | undefined): void {
  if (password && demoPasswords.has(password)) throw errors.validation([{ path: 'password', message: 'This password is public demo data; choose another' }]);
}

async function loadUserById(id: string) {
  const u = mongoose.isValidObjectId(id) ? await User.findById(id) : null;
  if (!u) throw errors.notFound('User');
  return u;
}

/** Admin settings: staff accounts (roles, teams, skills, capacity, limits) and teams. */
export function staffRouter(): Router {
  const router = Router();
  const admin = requireUser('admin');

  router.get('/users', admin, async (_req, res) => {
    const users = await User.find().sort({ role: 1, name: 1 }).limit(1000);
    res.json({ items: users.map(presentStaffUser) });
  });

  router.post('/users', admin, async (req, res) => {
    const input = parse(createUserSchema, req.body ?? {});
    checkPassword(input.password);
    await checkTeams(input.teamIds);
    const { password, ...fields } = input;
    const user = await User.create({ ...fields, passwordHash: await hashPassword(password) }).catch((err: unknown) => {
      if (isDuplicateKey(err)) throw errors.conflict('A user with this email already exists');
      throw err;
    });
    res.status(201).json({ user: presentStaffUser(user) });
  });

  router.patch('/users/:id', admin, async (req, res) => {
    const input = parse(updateUserSchema, req.body ?? {});
    const user = await loadUserById(String(req.params.id));
    checkPassword(input.password);
    await checkTeams(input.teamIds);
    if (user.id === req.user!.id && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw errors.validation([{ path: input.active === false ? 'active' : 'role', message: 'You cannot remove your own admin access' }]);
    }
    const { password, remedyLimits, skills, ...fields } = input;
    const set: Record<string, unknown> = { ...fields };
    if (skills) set.skills = skills;
    if (remedyLimits) set.remedyLimits = remedyLimits;
    const update: Record<string, unknown> = { $set: set };
    // A new password, a role change or deactivation ends every session of the account.
    const endsSessions = Boolean(password || input.role || input.active === false);
    if (endsSessions) update.$inc = { sessionVersion: 1 };
    if (password) set.passwordHash = await hashPassword(password);
    await User.updateOne({ _id: user._id }, update);
    const fresh = (await User.findById(user._id))!;
    // Open sockets follow at once, in every process: ended, or moved into the new teams' rooms.
    if (endsSessions) await sessionsEnded(user.id);
    else if (input.teamIds) await accessChanged(user.id);
    // More capacity, new teams or skills may let queued complaints through.
    if (input.capacity !== undefined || input.teamIds || skills || input.availability === 'online') await drainQueue();
    res.json({ user: presentStaffUser(fresh) });
  });

  router.get('/teams', requireUser(), async (_req, res) => {
    const teams = await Team.find().sort({ name: 1 }).lean();
    res.json({ items: teams.map(presentTeam) });
  });

  router.post('/teams', admin, async (req, res) => {
    const input = parse(createTeamSchema, req.body ?? {});
    const team = await Team.create(input).catch((err: unknown) => {
      if (isDuplicateKey(err)) throw errors.conflict('A team with this key already exists');
      throw err;
    });
    res.status(201).json({ team: presentTeam(team.toObject()) });
  });

  router.patch('/teams/:id', admin, async (req, res) => {
    const input = parse(updateTeamSchema, req.body ?? {});
    const team = mongoose.isValidObjectId(req.params.id) ? await Team.findByIdAndUpdate(req.params.id, { $set: input }, { new: true }).lean() : null;
    if (!team) throw errors.notFound('Team');
    res.json({ team: presentTeam(team) });
  });

  return router;
}
