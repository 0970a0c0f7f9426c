import { customerImportBodySchema, customerListQuerySchema, tierThresholdsSchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../platform/http/openapi';

/** Customer value: tiers, the value import, the customer list and one customer (mounted at /api/customers). */
export const customersApiDoc: ModuleApiDoc = {
  tag: { name: 'customers', description: 'Customer value, tiers and imports' },
  paths: {
    '/api/customers': {
      get: {
        summary: 'Customers by lifetime value',
        access: 'supervisor',
        query: customerListQuerySchema,
        responses: { 200: '`CustomerListView`: items, total, page, pageSize' },
      },
    },
    '/api/customers/{id}': {
      get: {
        summary: 'One customer with their recent complaints',
        description: 'Agents see a customer only when they see one of their complaints (404 otherwise).',
        access: 'staff',
        responses: { 200: '`CustomerView`' },
      },
    },
    '/api/customers/import': {
      post: {
        summary: 'Import customer value (JSON rows, a CSV body, or a CSV file in form field `file`)',
        access: 'supervisor',
        body: customerImportBodySchema,
        alsoAccepts: {
          'text/csv': { schema: { type: 'string' } },
          'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
        },
        responses: { 200: '`CustomerImportResult`: created, updated, rejected rows' },
        errors: [413, 415],
      },
    },
    '/api/customers/settings/tiers': {
      get: { summary: 'Tier thresholds', access: 'supervisor', responses: { 200: '`TierSettings`' } },
      put: { summary: 'Change tier thresholds and recompute tiers', access: 'admin', body: tierThresholdsSchema, responses: { 200: '`TierSettingsSaved`' } },
    },
  },
};
