import express, { Router } from 'express';
import multer from 'multer';
import { orderEventsBodySchema, orderIngestLimits, type OrderIngestResult, type RejectedOrderRow } from '@redress/shared';
import { services } from '../../platform/context';
import { AppError, errors } from '../../platform/errors';
import { limiter } from '../../platform/http/rateLimit';
import { shopOnly } from '../../platform/http/shopKey';
import { parse } from '../../platform/http/validate';
import { requireUser } from '../auth/session';
import { orderIngester, type RawOrderRow } from './commands/orderIngester';
import { parseOrderCsv } from './orderCsv';

const shopKey = shopOnly('Order events are not configured: set SHOP_API_KEY on the server');

/** 400 with every refused row's field messages, when nothing at all could be used. */
function allRefused(rejected: RejectedOrderRow[]): AppError {
  return errors.validation(
    rejected.flatMap((r) => r.errors.map((e) => ({ path: `events.${r.row}.${e.path}`, message: e.message }))).slice(0, 100),
    'No event could be used',
  );
}

/** Run a large import through the ingester in batches of maxBatchRows, summing the answers. */
async function ingestInBatches(rows: RawOrderRow[]): Promise<OrderIngestResult> {
  const total: OrderIngestResult = { received: 0, inserted: 0, duplicates: 0, rejectedCount: 0, rejected: [], customers: 0 };
  for (let i = 0; i < rows.length; i += orderIngestLimits.maxBatchRows) {
    const r = await orderIngester({ rows: rows.slice(i, i + orderIngestLimits.maxBatchRows), at: services().clock.now() });
    total.received += r.received;
    total.inserted += r.inserted;
    total.duplicates += r.duplicates;
    total.rejectedCount += r.rejectedCount;
    total.customers += r.customers;
    total.rejected.push(...r.rejected.slice(0, orderIngestLimits.maxReportedRejections - total.rejected.length));
  }
  return total;
}

const receiveCsvText = express.text({ type: 'text/csv', limit: orderIngestLimits.maxCsvBytes });
/** Or as a multipart upload (field `file`), as the admin Customers page sends it. */
const receiveCsvFile = multer({
  storage: multer.memoryStorage(),
  limits: { files: 1, fileSize: orderIngestLimits.maxCsvBytes, fields: 5, fieldSize: 1024 },
}).single('file');

/**
 * Order events in (mounted at /api/orders): the shop's batches (API key) and the order-history CSV
 * import of the admin Customers page (supervisors and admins).
 */
export function ordersRouter(): Router {
  const router = Router();
  router.post('/events', limiter({ name: 'order-events', windowMs: 60_000, limit: 6000 }), shopKey, async (req, res) => {
    const events = (req.body as { events?: unknown } | undefined)?.events;
    if (Array.isArray(events) && events.length > orderIngestLimits.maxBatchRows) {
      throw errors.payloadTooLarge(`At most ${orderIngestLimits.maxBatchRows} events per request; send the rest in further batches`);
    }
    const body = parse(orderEventsBodySchema, req.body ?? {});
    const result = await orderIngester({ rows: body.events.map((data, row) => ({ row, data })), at: services().clock.now() });
    if (result.inserted + result.duplicates === 0) throw allRefused(result.rejected);
    res.json(result);
  });

  router.post('/import', requireUser('supervisor', 'admin'), receiveCsvFile, receiveCsvText, async (req, res) => {
    let text: string;
    if (req.file) text = req.file.buffer.toString('utf8');
    else if (req.is('text/csv')) text = typeof req.body === 'string' ? req.body : '';
    else throw errors.unsupportedMedia('Send the order history as a CSV body (Content-Type: text/csv) or a form with the CSV in field "file"', '(body)');
    const rows = parseOrderCsv(text);
    const result = await ingestInBatches(rows);
    if (result.inserted + result.duplicates === 0) throw allRefused(result.rejected);
    res.json(result);
  });
  return router;
}
