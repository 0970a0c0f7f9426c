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
