/**
 * When a customer may expect an answer: the promise of their complaint's SLA clock (first response
 * until it is met, then resolution), and how it is written for them in their language and zone.
 */

/** What the tracking page and the confirmation email promise, computed from the clocks as they stand. */
export type CustomerPromise =
  /** A person answers by `dueAt` (first response clock running). */
  | { kind: 'first_response'; dueAt: string }
  /** The complaint is resolved by `dueAt` (resolution clock running). */
  | { kind: 'resolution'; dueAt: string }
  /** The resolution clock is paused while we wait for the customer's answer. */
  | { kind: 'paused' }
  /** Nothing is pending on our side (resolved, closed, or no clock). */
  | { kind: 'none' };

/** True when `zone` is an IANA time zone this runtime knows (e.g. 'Asia/Shanghai'). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A due time as a customer reads it: weekday, date and 24-hour time in their zone, with the zone's
 * short name, e.g. "Friday, 4 December 2026 at 17:00 (GMT)" / "2026年12月5日星期六 01:00（GMT+8）".
 * An unknown zone falls back to UTC rather than failing a reply or an email.
 */
export function formatDueTime(iso: string | Date, language: string, timeZone?: string | null): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const zone = timeZone && isTimeZone(timeZone) ? timeZone : 'UTC';
  const zh = language === 'zh';
  const locale = zh ? 'zh-CN' : 'en-GB';
  const base: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
  };
  const main = new Intl.DateTimeFormat(locale, base).format(at);
  const name = new Intl.DateTimeFormat(locale, { ...base, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return zh ? `${main}（${name}）` : `${main} (${name})`;
}
