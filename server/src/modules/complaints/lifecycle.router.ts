import { Router, type NextFunction, type Request, type Response } from 'express';
import { staffMessageSchema, statusChangeSchema } from '@redress/shared';
import { z } from 'zod';
import { parse } from '../../platform/http/validate';
import { requireUser } from '../auth/session';
import { checkFiles, receiveFiles, sendAttachment } from './attachments';
import { attachmentAdder } from './commands/attachmentAdder';
import { messagePoster } from './commands/messagePoster';
import { statusChanger } from './commands/statusChanger';
import type { LeanComplaint } from './feed/complaintWriter';
import { presentComplaintDetail, presentEvent } from './complaint.presenter';
import { loadComplaintFor } from './complaints.router';

/** Multipart fields sent with a staff upload; files are internal unless marked public. */
export const staffUploadFieldsSchema = z.strictObject({ visibility: z.enum(['public', 'internal']).default('internal') });

function staffActor(req: Request) {
  const u = req.user!;
  return { kind: 'staff' as const, id: u.id, name: u.name };
}

/** Authorise before multer reads up to 25 MB of uploads into memory. */
async function authoriseUpdate(req: Request, res: Response, next: NextFunction): Promise<void> {
  res.locals.complaint = await loadComplaintFor(req.user!, String(req.params.id), 'update');
  next();
}

/** Staff work on one complaint: replies and notes, status changes, files. */
export function lifecycleRouter(): Router {
  const router = Router();

  router.post('/complaints/:id/messages', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'update');
    const input = parse(staffMessageSchema, req.body ?? {});
    const done = await messagePoster({ complaint: c, author: req.user!, body: input.body, visibility: input.visibility });
    res.status(201).json({ complaint: presentComplaintDetail(done.complaint, req.user!), event: presentEvent(done.event) });
  });

  router.post('/complaints/:id/status', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'update');
    const input = parse(statusChangeSchema, req.body ?? {});
    const done = await statusChanger({ complaint: c, to: input.status, reason: input.reason, actor: staffActor(req) });
    res.json({ complaint: presentComplaintDetail(done.complaint, req.user!), event: presentEvent(done.event) });
  });

  router.post('/complaints/:id/attachments', requireUser(), authoriseUpdate, receiveFiles, async (req, res) => {
    const c = res.locals.complaint as LeanComplaint;
    const fields = parse(staffUploadFieldsSchema, req.body ?? {});
    const files = checkFiles(Array.isArray(req.files) ? req.files : []);
    const done = await attachmentAdder({ complaint: c, actor: staffActor(req), files, visibility: fields.visibility });
    res.status(201).json({ complaint: presentComplaintDetail(done.complaint, req.user!), event: presentEvent(done.event) });
  });

  router.get('/complaints/:id/attachments/:fileId', requireUser(), async (req, res) => {
    const c = await loadComplaintFor(req.user!, String(req.params.id), 'read');
    await sendAttachment(res, c._id, String(req.params.fileId));
  });

  return router;
}
