import { orderEventsBodySchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';

/** The shop's order events and the order-history import (mounted at /api/orders). */
export const ordersApiDoc: ModuleApiDoc = {
  tag: { name: 'orders', description: 'Order events from the shop: customer value, lifecycle and measured retention' },
  paths: {
    '/api/orders/events': {
      post: {
        summary: 'The shop sends a batch of order events',
        description: [
          'Body `{ events: [{ email, orderId, kind: placed|refunded|cancelled, amount, currency, at }] }`, at most 1000 events (413 beyond).',
          'Idempotent per (orderId, kind): an event stored before is counted in `duplicates` and changes nothing, so a batch can be replayed safely.',
          'Rows that fail validation are listed in `rejected` with the field and reason (`row` is the index in `events`); the others are stored. 400 when no row is usable.',
          '503 when SHOP_API_KEY is not configured.',
        ].join('\n\n'),
        access: 'shop',
        rateLimited: true,
        body: orderEventsBodySchema,
        responses: { 200: '`OrderIngestResult`: received, inserted, duplicates, rejectedCount, rejected, customers' },
        errors: [413, 503],
      },
    },
    '/api/orders/import': {
      post: {
        summary: 'Import order history from a CSV (columns email, orderId, kind, amount, currency, at)',
        description:
          'Processed in batches of 1000 with the same rules as /api/orders/events; `row` in `rejected` is the CSV line number. At most 100,000 rows.',
        access: 'supervisor',
        alsoAccepts: {
          'text/csv': { schema: { type: 'string' } },
          'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
        },
        responses: { 200: '`OrderIngestResult`' },
        errors: [413, 415],
      },
    },
  },
};
