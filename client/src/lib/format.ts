import dayjs from 'dayjs';

/**
 * The console's one way to show dates and money. Dates are ISO-style (2026-03-02 14:05) in the
 * viewer's time zone in every language; money is formatted by Intl.NumberFormat with its currency
 * in the viewer's language (€1,234.50 in English, €1,234.50 / ¥1,234.50 / CN¥ in Chinese).
 */

/** BCP 47 locale of a UI language. */
export function localeOf(lang: string): string {
  return lang.startsWith('zh') ? 'zh-CN' : 'en';
}

/** "2026-03-02 14:05", or "–" without a date. */
export function formatDateTime(iso: string | Date | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '–';
}

/** "2026-03-02", or "–" without a date. */
export function formatDate(iso: string | Date | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD') : '–';
}

/** An amount in its currency ("€30.00", "CN¥200.00"); a plain number when the currency is unknown. */
export function formatMoney(amount: number, currency: string | null | undefined, lang: string): string {
  if (!currency) return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 }).format(amount);
  try {
    return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}
