import type { ErrorId, FieldIssue } from '@redress/shared';
import type { ZodError } from 'zod';

/** An error with a stable id and HTTP status; the only kind the API sends to clients. */
export class AppError extends Error {
  constructor(
    readonly id: ErrorId,
    readonly status: number,
    message: string,
    readonly fields?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const errors = {
  validation: (fields: FieldIssue[], message = 'Some fields are invalid') => new AppError('validation_error', 400, message, fields),
  unauthorized: (message = 'Sign in first') => new AppError('unauthorized', 401, message),
  forbidden: (message = 'You are not allowed to do that') => new AppError('forbidden', 403, message),
  notFound: (what = 'Resource') => new AppError('not_found', 404, `${what} not found`),
  conflict: (message: string) => new AppError('conflict', 409, message),
  idempotencyMismatch: () => new AppError('idempotency_mismatch', 422, 'This Idempotency-Key was already used with a different request body'),
  invalidState: (message: string) => new AppError('invalid_state', 409, message),
  bodyTooComplex: (message: string) => new AppError('body_too_complex', 400, message, [{ path: '(body)', message }]),
  payloadTooLarge: (message = 'Request body is too large') => new AppError('payload_too_large', 413, message),
  unsupportedMedia: (message: string, field?: string) => new AppError('unsupported_media_type', 415, message, field ? [{ path: field, message }] : undefined),
  rateLimited: (retryAfterSeconds: number, message = 'Too many requests, try again later') =>
    new AppError('rate_limited', 429, message, undefined, {
      'Retry-After': String(retryAfterSeconds),
    }),
  /** A dependency (the database) cannot be reached right now: the client should retry later. */
  unavailable: (message: string, retryAfterSeconds = 5) =>
    new AppError('service_unavailable', 503, message, undefined, { 'Retry-After': String(retryAfterSeconds) }),
  accountLocked: (retryAfterSeconds: number, message: string) =>
    new AppError('account_locked', 429, message, undefined, {
      'Retry-After': String(retryAfterSeconds),
    }),
  csrf: () => new AppError('csrf_failed', 403, 'Missing or invalid CSRF token'),
  budgetExceeded: (message: string) => new AppError('budget_exceeded', 409, message),
};

/** Zod issues as field messages ("customer.email: Invalid email address"). */
export function fieldsFromZod(error: ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.message,
  }));
}
