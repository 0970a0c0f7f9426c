import express, { Router, type Request } from 'express';
import mongoose, { type Types } from 'mongoose';
import multer from 'multer';
import {
  customerImportBodySchema,
  customerImportLimits,
  customerListQuerySchema,
  tierThresholdsSchema,
  type CustomerImportResult,
  type CustomerListView,
  type TierSettingsSaved,
} from '@redress/shared';
import { services } from '../../platform/context';
import { errors } from '../../platform/errors';
import { parse } from '../../platform/http/validate';
import { visibleComplaintsFilter } from '../auth/auth.policy';
import { requireUser } from '../auth/session';
import { Complaint } from '../complaints/complaint.model';
import { customerValueImporter, rejectionFields, type RawImportRow } from './commands/customerValueImporter';
import { recomputeWithStoredThresholds } from './commands/tierRecomputer';
import { Customer } from './customer.model';
import { customerPolicy } from './customer.policy';
import { presentCustomer, presentCustomerSummary } from './customer.presenter';
import { parseCustomerCsv } from './customerCsv';
import { loadTierSettings, presentTierSettings, saveTierThresholds } from './tierSettings';

/** The CSV as a multipart upload (field `file`), in memory; a non-multipart request passes through. */
const receiveCsvFile = multer({
  storage: multer.memoryStorage(),
  limits: { files: 1, fileSize: customerImportLimits.maxCsvBytes, fields: 5, fieldSize: 1024 },
}).single('file');
/** The CSV as the request body (Content-Type: text/csv). */
const receiveCsvText = express.text({ type: 'text/csv', limit: customerImportLimits.maxCsvBytes });

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** JSON rows may say null for "not given". */
function withoutNulls(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));
}

/** The rows of an import request, whichever of the three forms it came in. */
function importRows(req: Request): RawImportRow[] {
  if (req.file) return parseCustomerCsv(req.file.buffer);
  if (req.is('multipart/form-data')) throw errors.validation([{ path: 'file', message: 'Attach the CSV file in the form field "file"' }]);
  if (req.is('text/csv')) return parseCustomerCsv(typeof req.body === 'string' ? req.body : '');
  if (req.is('application/json')) {
    const body = parse(customerImportBodySchema, req.body ?? {});
    return body.rows.map((data, i) => ({ row: i, data: withoutNulls(data) }));
  }
  throw errors.unsupportedMedia('Send JSON { "rows": [...] }, a CSV body (Content-Type: text/csv) or a form with the CSV in field "file"', '(body)');
}

/**
 * How many complaints each customer has, counted from the complaints: true for imported history
 * and live filings alike.
 */
async function complaintCounts(ids: Types.ObjectId[]): Promise<Map<string, number>> {
  // One equality count per customer: answered from the customerId index on every store (see equalityFanOut.ts).
  const counts = await Promise.all(ids.map((customerId) => Complaint.countDocuments({ customerId })));
  return new Map(ids.map((id, i) => [String(id), counts[i]!]));
}

/**
 * Customer value: tier settings (supervisors read, admins change), the value import (supervisors and
 * admins), the customer list (supervisors and admins) and one customer (also staff who can see one
 * of the customer's complaints). Mounted at /api/customers.
 */
export function customersRouter(): Router {
  const router = Router();

  router.get('/settings/tiers', requireUser('supervisor', 'admin'), async (_req, res) => {
    res.json(presentTierSettings(await loadTierSettings()));
  });

  router.put('/settings/tiers', requireUser('admin'), async (req, res) => {
    const thresholds = parse(tierThresholdsSchema, req.body ?? {});
    const user = req.user!;
    if (!customerPolicy.editTierSettings(user)) throw errors.forbidden();
    const saved = await saveTierThresholds(thresholds, user.name, services().clock.now());
    const recomputed = await recomputeWithStoredThresholds();
    const body: TierSettingsSaved = { ...presentTierSettings(saved), recomputed };
    res.json(body);
  });

  router.post('/import', requireUser('supervisor', 'admin'), receiveCsvFile, receiveCsvText, async (req, res) => {
    if (!customerPolicy.importValues(req.user!)) throw errors.forbidden();
    const rows = importRows(req);
    const r = await customerValueImporter({ rows, at: services().clock.now() });
    if (r.applied === 0) throw errors.validation(rejectionFields(r.rejected), 'No row could be imported');
    const body: CustomerImportResult = { created: r.created, updated: r.updated, rejected: r.rejected, rejectedCount: r.rejectedCount };
    res.json(body);
  });

  router.get('/', requireUser('supervisor', 'admin'), async (req, res) => {
    if (!customerPolicy.list(req.user!)) throw errors.forbidden();
    const q = parse(customerListQuerySchema, req.query, 'query');
    const filter: Record<string, unknown> = {};
    if (q.q) {
      const rx = new RegExp(escapeRegex(q.q), 'i');
      filter.$or = [{ email: rx }, { name: rx }];
    }
    if (q.tier) filter.tier = q.tier;
    const [items, total] = await Promise.all([
      Customer.find(filter)
        .sort({ lifetimeValue: -1, _id: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      Customer.countDocuments(filter),
    ]);
    const counts = await complaintCounts(items.map((c) => c._id));
    const body: CustomerListView = {
      items: items.map((c) => presentCustomerSummary(c, counts.get(String(c._id)) ?? 0)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
    res.json(body);
  });

  router.get('/:id', requireUser(), async (req, res) => {
    const id = String(req.params.id);
    if (!mongoose.isValidObjectId(id)) throw errors.notFound('Customer');
    const customer = await Customer.findById(id).lean();
    if (!customer) throw errors.notFound('Customer');
    const user = req.user!;
    const seesAComplaint =
      customerPolicy.read(user, false) || (await Complaint.exists({ customerId: customer._id, ...visibleComplaintsFilter(user) })) !== null;
    // Not 403: whether a customer exists is itself not for everyone to learn.
    if (!customerPolicy.read(user, seesAComplaint)) throw errors.notFound('Customer');
    const [complaints, count] = await Promise.all([
      Complaint.find({ customerId: customer._id }, { reference: 1, status: 1, category: 1, createdAt: 1, resolvedAt: 1, teamId: 1, assigneeId: 1 })
        .sort({ createdAt: -1, _id: -1 })
        .limit(50)
        .lean(),
      Complaint.countDocuments({ customerId: customer._id }),
    ]);
    res.json(presentCustomer(customer, complaints, count, user));
  });

  return router;
}
