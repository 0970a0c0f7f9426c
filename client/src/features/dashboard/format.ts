/** Display helpers for dashboard figures (the API sends seconds, shares 0..1 and plain numbers). */

/** "45s", "12m", "3.5h", "2.1d": one unit, readable at a glance on a chart or card. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86_400).toFixed(1)}d`;
}

/** Hours with one decimal, for chart axes. */
export function toHours(seconds: number | null | undefined): number | null {
  return seconds === null || seconds === undefined ? null : Math.round((seconds / 3600) * 10) / 10;
}

export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${Math.round(share * 1000) / 10}%`;
}

export function formatNumber(n: number, lang: string, digits = 0): string {
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    maximumFractionDigits: digits,
  }).format(n);
}

/** Short axis label of a period start: "14:00", "Mar 2" or "W10" style by granularity. */
export function periodLabel(iso: string, granularity: string, lang: string): string {
  const d = new Date(iso);
  const locale = lang === 'zh' ? 'zh-CN' : 'en';
  if (granularity === 'hour')
    return d.toLocaleString(locale, {
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      timeZone: 'UTC',
    });
  return d.toLocaleDateString(locale, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** End of the period starting at `iso` (for drill-downs from one bar of a series). */
export function periodEnd(iso: string, granularity: string): string {
  const step = granularity === 'hour' ? 3_600_000 : granularity === 'day' ? 86_400_000 : 7 * 86_400_000;
  return new Date(new Date(iso).getTime() + step).toISOString();
}
