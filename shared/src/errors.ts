/** Stable error ids: the client switches on these, never on messages. */
export const errorIds = [
  'validation_error',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'idempotency_mismatch',
  'payload_too_large',
  'body_too_complex',
  'unsupported_media_type',
  'rate_limited',
  'account_locked',
  'csrf_failed',
  'budget_exceeded',
  'limit_exceeded',
  'invalid_state',
  'voucher_expired',
  'voucher_redeemed',
  'service_unavailable',
  'internal_error',
] as const;
export type ErrorId = (typeof errorIds)[number];

/** One field-level problem, `path` in dot notation ("customer.email"). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The body of every non-2xx API response. */
export interface ApiErrorBody {
  error: { id: ErrorId; message: string; fields?: FieldIssue[] };
}
