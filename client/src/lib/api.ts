import type { ErrorId, FieldIssue } from '@redress/shared';

/** A failed API call: the server's stable error id, its message and any field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: ErrorId | 'network_error',
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True for failures worth retrying with the same request (network, 5xx, rate limits). */
  get retryable(): boolean {
    return this.id === 'network_error' || this.status >= 500 || this.status === 429;
  }
}

let csrfToken = '';
let onUnauthorized: (() => void) | null = null;

/** Called when a staff call answers 401 (the session ended): the app returns to sign-in. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** Remember the session's CSRF token (from login or /api/auth/me); sent on every write. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function isErrorBody(v: unknown): v is { error: { id: ErrorId; message: string; fields?: FieldIssue[] } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && 'id' in e && 'message' in e;
}

/**
 * Call the Redress API: JSON in and out, session cookie included, CSRF header on writes.
 * Throws ApiError for every non-2xx answer and for network failures.
 */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page: fall through to a generic error below.
  }
  if (res.ok) return data as T;
  if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
  if (isErrorBody(data)) throw new ApiError(res.status, data.error.id, data.error.message, data.error.fields ?? []);
  throw new ApiError(res.status, res.status >= 500 ? 'internal_error' : 'not_found', `Request failed (${res.status})`);
}

/** Build a query string from defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
