import { Router, type RequestHandler } from 'express';
import mongoose from 'mongoose';
import { slaCalendarInputSchema, slaPolicyInputSchema, slaPreviewInputSchema } from '@redress/shared';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { requireUser } from '../auth/session';
import { loadComplaintFor } from '../complaints/complaints.router';
import { slaPreviewer } from './commands/slaPreviewer';
import { slaRetargeter } from './commands/slaRetargeter';
import { forgetSlaSettings } from './commands/slaTargets';
import { presentCalendar, presentComplaintSla, presentPolicy } from './sla.presenter';
import { SlaCalendar } from './slaCalendar.model';
import { SlaPolicy } from './slaPolicy.model';

function idParam(raw: unknown, what: string): string {
  const id = String(raw);
  if (!mongoose.isValidObjectId(id)) throw errors.notFound(what);
  return id;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

async function uniqueName<T>(write: () => Promise<T>, what: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err)) throw errors.validation([{ path: 'name', message: `another ${what} already has this name` }]);
    throw err;
  }
}

async function calendarMustExist(id: string | null): Promise<void> {
  if (id && !(await SlaCalendar.exists({ _id: id }))) throw errors.validation([{ path: 'calendarId', message: 'no such calendar' }]);
}

/** Recompute open complaints' clocks after an edit, in the background (the request does not wait). */
function retargetLater(policyId: string | null): void {
  forgetSlaSettings();
  slaRetargeter(policyId).catch((err: Error) => services().logger.error({ err, policyId }, 'SLA retarget failed'));
}

/**
 * SLA administration (admins write, supervisors read) and a complaint's SLA (same visibility as
 * the complaint itself).
 */
export function slaRouter(): Router {
  const router = Router();
  const read = requireUser('supervisor', 'admin');
  const adminOnly = requireUser('admin');
  // Every edit also forgets the cached settings once it is done, retargeted or not.
  const write: RequestHandler = (req, res, next) => {
    res.once('finish', forgetSlaSettings);
    adminOnly(req, res, next);
  };

  router.get('/sla/policies', read, async (_req, res) => {
    const items = await SlaPolicy.find().sort({ order: 1, _id: 1 }).lean();
    res.json({ items: items.map(presentPolicy) });
  });

  router.post('/sla/policies', write, async (req, res) => {
    const input = parse(slaPolicyInputSchema, req.body);
    await calendarMustExist(input.calendarId);
    const now = services().clock.now();
    const doc = await uniqueName(() => SlaPolicy.create({ ...input, createdAt: now, updatedAt: now }), 'policy');
    retargetLater(null);
    res.status(201).json({ policy: presentPolicy(doc.toObject()) });
  });

  router.put('/sla/policies/:id', write, async (req, res) => {
    const id = idParam(req.params.id, 'SLA policy');
    const input = parse(slaPolicyInputSchema, req.body);
    await calendarMustExist(input.calendarId);
    const doc = await uniqueName(
      () => SlaPolicy.findByIdAndUpdate(id, { $set: { ...input, updatedAt: services().clock.now() } }, { new: true, runValidators: true }).lean(),
      'policy',
    );
    if (!doc) throw errors.notFound('SLA policy');
    retargetLater(null);
    res.json({ policy: presentPolicy(doc) });
  });

  router.delete('/sla/policies/:id', write, async (req, res) => {
    const id = idParam(req.params.id, 'SLA policy');
    const gone = await SlaPolicy.findByIdAndDelete(id).lean();
    if (!gone) throw errors.notFound('SLA policy');
    retargetLater(id);
    res.status(204).end();
  });

  router.get('/sla/calendars', read, async (_req, res) => {
    const items = await SlaCalendar.find().sort({ name: 1 }).lean();
    res.json({ items: items.map(presentCalendar) });
  });

  router.post('/sla/calendars', write, async (req, res) => {
    const input = parse(slaCalendarInputSchema, req.body);
    const now = services().clock.now();
    const doc = await uniqueName(() => SlaCalendar.create({ ...input, createdAt: now, updatedAt: now }), 'calendar');
    res.status(201).json({ calendar: presentCalendar(doc.toObject()) });
  });

  router.put('/sla/calendars/:id', write, async (req, res) => {
    const id = idParam(req.params.id, 'SLA calendar');
    const input = parse(slaCalendarInputSchema, req.body);
    const doc = await uniqueName(
      () => SlaCalendar.findByIdAndUpdate(id, { $set: { ...input, updatedAt: services().clock.now() } }, { new: true }).lean(),
      'calendar',
    );
    if (!doc) throw errors.notFound('SLA calendar');
    res.json({ calendar: presentCalendar(doc) });
  });

  router.delete('/sla/calendars/:id', write, async (req, res) => {
    const id = idParam(req.params.id, 'SLA calendar');
    if (await SlaPolicy.exists({ calendarId: id })) throw errors.conflict('A policy still uses this calendar');
    const gone = await SlaCalendar.findByIdAndDelete(id).lean();
    if (!gone) throw errors.notFound('SLA calendar');
    res.status(204).end();
  });

  // An example complaint's due times under the saved policies and calendars (writes nothing).
  router.post('/sla/preview', read, async (req, res) => {
    const input = parse(slaPreviewInputSchema, req.body ?? {});
    res.json({ preview: await slaPreviewer(input) });
  });

  router.get('/complaints/:id/sla', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id));
    res.json({ sla: presentComplaintSla(c.sla, services().clock.now()) });
  });

  return router;
}
