/** Display helpers for customer value figures. */

/** A money figure without currency (imports carry none), grouped for the UI language. */
export function formatValue(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 }).format(n);
}

/** An ISO time as a short local date and time, or "–". */
export function formatWhen(iso: string | null | undefined, lang: string): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
}
