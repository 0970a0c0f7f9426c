import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id with the library's defaults (OWASP-compliant memory and time cost). */
export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id });
}

export function verifyPassword(hash: string, plain: string): Promise<boolean> {
  return argon2.verify(hash, plain).catch(() => false);
}

/** Passwords the demo data uses; refused in production. */
export const demoPasswords = new Set(['redress-demo']);

let dummyHash: Promise<string> | null = null;

/**
 * A hash of a random password, made once per process with the same argon2id settings as real
 * ones. A sign-in to an unknown or deactivated account verifies against it, so it costs the same
 * time as a wrong password for a real account and the answer time does not tell which exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}
