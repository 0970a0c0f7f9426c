import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { errors, fieldsFromZod } from '../errors';

/** Parse `input` with a shared zod schema or throw a 400 listing every bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw errors.validation(fieldsFromZod(result.error, prefix));
  return result.data;
}

function findOperatorKey(value: unknown, path: string[] = []): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findOperatorKey(value[i], [...path, String(i)]);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || k.includes('.') || k === '__proto__' || k === 'constructor') return [...path, k].join('.');
      const hit = findOperatorKey(v, [...path, k]);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * Refuse MongoDB operator keys ("$gt", "a.b") anywhere in a body or query string, so no request can
 * smuggle a query operator into a filter (defence in depth: schemas are strict as well).
 */
export function rejectOperatorKeys(req: Request, _res: Response, next: NextFunction): void {
  const hit = findOperatorKey(req.body) ?? findOperatorKey(req.query);
  if (hit) return next(errors.validation([{ path: hit, message: 'Field names may not start with $ or contain dots' }]));
  next();
}
