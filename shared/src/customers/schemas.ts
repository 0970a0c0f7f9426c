import { z } from 'zod';
import type { ComplaintStatus } from '../complaints/lifecycle';
import { customerTiers, lifecycleStages, type CustomerTier, type LifecycleStage, type TierThresholds } from './value';

/**
 * Customer value: the business's import of value figures, the tier thresholds and what the API
 * answers. Shared by the admin page (client) and the customers module (server), so both validate
 * identically.
 */

/** Request limits of POST /api/customers/import. */
export const customerImportLimits = {
  /** Rows per JSON request. */
  maxJsonRows: 5000,
  /** Rows per CSV upload (processed in chunks). */
  maxCsvRows: 50_000,
  /** Bytes of one CSV upload. */
  maxCsvBytes: 10 * 1024 * 1024,
  /** At most this many rejected rows are listed in an answer (rejectedCount has them all). */
  maxReportedRejections: 500,
} as const;

/** A number field; a missing value and a non-number get different messages. */
const numberOf = (what: string) => z.number({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a number`) });

const money = (what: string) => numberOf(what).nonnegative(`${what} cannot be negative`).max(1_000_000_000_000, `${what} is too large`);

/** PUT /api/customers/settings/tiers: MVC above STC above BZ, all lifetime values. */
export const tierThresholdsSchema = z
  .strictObject({
    mvcMinLifetimeValue: money('The MVC threshold'),
    stcMinLifetimeValue: money('The STC threshold'),
    bzMaxLifetimeValue: money('The BZ threshold'),
  })
  .superRefine((t, ctx) => {
    if (t.mvcMinLifetimeValue <= t.stcMinLifetimeValue) {
      ctx.addIssue({ code: 'custom', path: ['mvcMinLifetimeValue'], message: 'The MVC threshold must be higher than the STC threshold' });
    }
    if (t.stcMinLifetimeValue <= t.bzMaxLifetimeValue) {
      ctx.addIssue({ code: 'custom', path: ['stcMinLifetimeValue'], message: 'The STC threshold must be higher than the BZ threshold' });
    }
  }) satisfies z.ZodType<TierThresholds>;

/** "build-up", "Build Up" and "build_up" all name the same stage. */
const stageName = (v: unknown) =>
  typeof v === 'string'
    ? v
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : v;

/** One customer's value figures, as the business exports them. */
export const customerImportRowSchema = z.strictObject({
  email: z
    .string({ error: 'Give the customer’s email address' })
    .trim()
    .pipe(z.email('Enter a valid email address').max(254, 'The email address is too long'))
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, 'The name is empty').max(200, 'At most 200 characters').optional(),
  averageOrderValue: money('The average order value'),
  ordersPerYear: numberOf('Orders per year').nonnegative('Orders per year cannot be negative').max(100_000, 'Orders per year is too large'),
  yearsAsCustomer: numberOf('Years as customer').nonnegative('Years as customer cannot be negative').max(200, 'Years as customer is too large'),
  lifecycleStage: z.preprocess(stageName, z.enum(lifecycleStages, { error: `Use one of: ${lifecycleStages.join(', ')}` })).optional(),
});
export type CustomerImportRow = z.infer<typeof customerImportRowSchema>;

/** JSON body of POST /api/customers/import; each row is then checked on its own (invalid rows are reported, not fatal). */
export const customerImportBodySchema = z.strictObject({
  rows: z
    .array(z.unknown())
    .min(1, 'Send at least one row')
    .max(customerImportLimits.maxJsonRows, `At most ${customerImportLimits.maxJsonRows} rows per request; split the import`),
});

/** The CSV columns, in the order of the sample; the first four are required. */
export const customerCsvColumns = ['email', 'name', 'averageOrderValue', 'ordersPerYear', 'yearsAsCustomer', 'lifecycleStage'] as const;
export const requiredCustomerCsvColumns = ['email', 'averageOrderValue', 'ordersPerYear', 'yearsAsCustomer'] as const;

/** A CSV the import accepts, for the upload form and the docs. */
export const customerCsvSample = [
  customerCsvColumns.join(','),
  'grace@example.com,Grace Hopper,100,52,40,climax',
  'alan@example.com,Alan Turing,35.5,12,3,build_up',
].join('\n');

/** A row the import refused. `row` is the rows[] index (JSON) or the file's line number (CSV, header = line 1). */
export interface RejectedImportRow {
  row: number;
  errors: { path: string; message: string }[];
}

/** 200 answer of POST /api/customers/import. */
export interface CustomerImportResult {
  created: number;
  updated: number;
  rejected: RejectedImportRow[];
  /** Every rejected row, also those beyond the listed ones. */
  rejectedCount: number;
}

/** GET/PUT /api/customers/settings/tiers. */
export interface TierSettingsView {
  thresholds: TierThresholds;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** PUT /api/customers/settings/tiers: the new settings and how many tiers changed. */
export interface TierSettingsSaved extends TierSettingsView {
  recomputed: { customers: number; openComplaints: number };
}

/** GET /api/customers?q=&tier=&page=&pageSize= (supervisors and admins). */
export const customerListQuerySchema = z.strictObject({
  q: z.string().trim().max(100, 'At most 100 characters').optional(),
  tier: z.enum(customerTiers).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

/** A customer in lists. */
export interface CustomerSummaryView {
  id: string;
  email: string;
  name: string;
  tier: CustomerTier;
  lifetimeValue: number;
  lifecycleStage: LifecycleStage;
  complaintCount: number;
  valueImportedAt: string | null;
}

export interface CustomerListView {
  items: CustomerSummaryView[];
  total: number;
  page: number;
  pageSize: number;
}

/** One of the customer's complaints, newest first; `canOpen` says whether the viewer may open it. */
export interface CustomerComplaintView {
  id: string;
  reference: string;
  status: ComplaintStatus;
  category: string;
  createdAt: string;
  resolvedAt: string | null;
  canOpen: boolean;
}

/** GET /api/customers/:id. */
export interface CustomerView extends CustomerSummaryView {
  averageOrderValue: number;
  ordersPerYear: number;
  yearsAsCustomer: number;
  lastComplaintAt: string | null;
  /** In decline (or leaving) and complaining: warn early, try to win them back. */
  highRisk: boolean;
  complaints: CustomerComplaintView[];
}
