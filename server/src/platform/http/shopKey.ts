import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { shopApiKeyHeader } from '@redress/shared';
import { services } from '../context';
import { AppError, errors } from '../errors';

function keyMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Only the shop, holding SHOP_API_KEY (vouchers, fulfilment, order events), compared in constant
 * time; without a configured key the endpoint is off: 503 with `offMessage`.
 */
export function shopOnly(offMessage: string): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const expected = services().env.SHOP_API_KEY;
    if (!expected) return next(new AppError('service_unavailable', 503, offMessage));
    if (!keyMatches(req.get(shopApiKeyHeader), expected)) return next(errors.unauthorized(`Missing or wrong ${shopApiKeyHeader}`));
    next();
  };
}
