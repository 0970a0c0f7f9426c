import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiErrorBody } from '@redress/shared';
import { isDatabaseUnavailable } from '../db/connection';
import { AppError, errors } from '../errors';
import type { Logger } from '../logger';

interface HttpishError {
  type?: string;
  status?: number;
  code?: string;
  field?: string;
}

/** The database is away: the request may be repeated (Retry-After), it is not our bug (no 500). */
const DATABASE_UNAVAILABLE = 'The database cannot be reached right now; try again in a few seconds';

/** Map library errors (body parser, multer, database driver) onto our stable ids. */
function normalise(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) return errors.unavailable(DATABASE_UNAVAILABLE);
  const e = err as HttpishError;
  if (e?.type === 'entity.too.large' || e?.code === 'LIMIT_FILE_SIZE' || e?.code === 'LIMIT_FILE_COUNT') {
    return errors.payloadTooLarge(e.code === 'LIMIT_FILE_COUNT' ? 'Too many files' : undefined);
  }
  if (e?.type === 'entity.parse.failed') return errors.validation([{ path: '(body)', message: 'Body is not valid JSON' }]);
  if (e?.code === 'LIMIT_UNEXPECTED_FILE') return errors.validation([{ path: e.field ?? 'files', message: 'Unexpected file field' }]);
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') return errors.unsupportedMedia('Unsupported encoding');
  return null;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    // An error after the response went out (e.g. the session store's touch on finish): nothing
    // can be answered any more; Express's own handler closes the connection.
    if (res.headersSent) {
      logger.error({ err, url: req.originalUrl }, 'error after the response was sent');
      return next(err);
    }
    const known = normalise(err);
    if (!known) {
      logger.error({ err, url: req.originalUrl }, 'unhandled error');
    } else if (known.status === 503) {
      logger.warn({ url: req.originalUrl, err: (err as Error).message }, 'answered 503: the database cannot be reached');
    }
    const appErr = known ?? new AppError('internal_error', 500, 'Something went wrong on our side');
    if (appErr.headers) res.set(appErr.headers);
    const body: ApiErrorBody = { error: { id: appErr.id, message: appErr.message, ...(appErr.fields ? { fields: appErr.fields } : {}) } };
    res.status(appErr.status).json(body);
  };
}

export const apiNotFound: RequestHandler = (_req, _res, next) => next(errors.notFound('Endpoint'));
