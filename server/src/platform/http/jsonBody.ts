import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { errors } from '../errors';

/** Shape limits of a JSON body, checked on the raw text before it is parsed. */
export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (`{"a":[1]}` is 2). */
  maxDepth: number;
  /** Object keys in the whole body. */
  maxKeys: number;
}

/** Every JSON body: no request of ours nests deeper than a few levels or names thousands of fields. */
export const defaultJsonLimits: JsonShapeLimits = { maxDepth: 32, maxKeys: 5_000 };

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COLON = 0x3a; // :

/**
 * Measure a JSON text's nesting depth and key count in one pass over its bytes, without parsing
 * or recursing: brackets count outside strings only, and each colon outside a string is one key.
 * Stops at the first limit passed and says which (null: within limits). Malformed text is left for
 * JSON.parse to refuse.
 */
export function exceedsJsonLimits(text: Buffer | string, limits: JsonShapeLimits): string | null {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limits.maxDepth) return `JSON is nested deeper than ${limits.maxDepth} levels`;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
    else if (c === COLON && ++keys > limits.maxKeys) return `JSON has more than ${limits.maxKeys} fields`;
  }
  return null;
}

/**
 * express.json with a size limit and a shape check that runs before JSON.parse, so a small body
 * nested thousands of levels deep is a 400 `body_too_complex`, never a stack overflow in code that
 * walks the parsed value (operator-key check, zod). UTF-8 is scanned as bytes: it never puts the
 * ASCII brackets, quotes or backslashes inside a multi-byte character.
 */
export function jsonBody(opts: { limit: string; shape?: JsonShapeLimits }): RequestHandler {
  const shape = opts.shape ?? defaultJsonLimits;
  return express.json({
    limit: opts.limit,
    verify: (_req: IncomingMessage, _res, buf, encoding) => {
      // UTF-8 bytes are scanned as they are; another charset (UTF-16) is decoded first.
      const utf8 = !encoding || /^utf-?8$/i.test(encoding);
      const problem = exceedsJsonLimits(utf8 ? buf : new TextDecoder(encoding).decode(buf), shape);
      if (problem) throw errors.bodyTooComplex(problem);
    },
  });
}
