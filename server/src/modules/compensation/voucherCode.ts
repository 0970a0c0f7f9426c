import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so codes read aloud or typed by hand are unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A fresh voucher code, RDR-XXXX-XXXX-XXXX-XXXX: 16 base32 characters from 10 random bytes = 80
 * bits from the CSPRNG, so codes cannot be guessed or enumerated (uniqueness is still enforced by
 * the vouchers' unique index).
 */
export function newVoucherCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return `RDR-${out.match(/.{4}/g)!.join('-')}`;
}

/** Whether a string looks like one of our codes (cheap check before any lookup). */
export function isVoucherCode(s: string): boolean {
  return /^RDR(-[0-9A-HJKMNP-TV-Z]{4}){4}$/.test(s);
}
