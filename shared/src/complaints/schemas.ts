import { z } from 'zod';
import { channels, desiredResolutions, severities } from './taxonomy';
import { complaintStatuses } from './lifecycle';
import { isTimeZone } from './duePromise';

/** ISO 4217 code, upper case. */
const currency = z.string().regex(/^[A-Z]{3}$/, 'Use a 3-letter currency code such as EUR');

/** Plain text only: stored as text, never rendered as markup. */
const text = (max: number, label: string) => z.string().trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

export const customerContactSchema = z.strictObject({
  name: text(120, 'Name'),
  email: z
    .email('Enter a valid email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  phone: z
    .string()
    .trim()
    .regex(/^[+()\d\s-]{5,25}$/, 'Enter a valid phone number')
    .optional(),
});

/** Body of POST /api/complaints: the public form and integrators use the same schema. */
export const fileComplaintSchema = z
  .strictObject({
    customer: customerContactSchema,
    category: z.string().min(1, 'Choose a category').max(60),
    description: text(5000, 'Description').refine((s) => s.length >= 10, 'Tell us a little more (at least 10 characters)'),
    orderRef: z.string().trim().max(60).optional(),
    amount: z.number().nonnegative('Amount cannot be negative').max(1_000_000).optional(),
    currency: currency.optional(),
    desiredResolution: z.enum(desiredResolutions).optional(),
    language: z.enum(['en', 'zh']).optional(),
    /** The customer's IANA time zone (the form sends the browser's): due times are written in it. */
    timeZone: z.string().max(64).refine(isTimeZone, 'Unknown time zone').optional(),
  })
  .refine((v) => v.amount === undefined || v.currency !== undefined, { path: ['currency'], message: 'Give the currency of the amount' });
export type FileComplaintInput = z.infer<typeof fileComplaintSchema>;

export const fileComplaintResponseSchema = z.object({
  id: z.string(),
  reference: z.string(),
  trackingUrl: z.string(),
  status: z.enum(complaintStatuses),
});
export type FileComplaintResponse = z.infer<typeof fileComplaintResponseSchema>;

export const complaintListQuerySchema = z.strictObject({
  scope: z.enum(['mine', 'team', 'queue', 'all']).default('team'),
  status: z.enum([...complaintStatuses, 'open']).optional(),
  q: z.string().trim().max(100).optional(),
  category: z.string().max(60).optional(),
  channel: z.enum(channels).optional(),
  severity: z.enum(severities).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().datetime().optional(),
});
export type ComplaintListQuery = z.infer<typeof complaintListQuerySchema>;

/** Idempotency-Key header: what the form sends once per submission attempt. */
export const idempotencyKeySchema = z
  .string()
  .min(8, 'Idempotency-Key must be 8 to 128 characters')
  .max(128, 'Idempotency-Key must be 8 to 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'Idempotency-Key may contain letters, digits and _ . : - only');
