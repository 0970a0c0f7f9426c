import type { Response } from 'express';

type Cell = string | number | boolean | null | undefined;

/** One CSV cell: quoted when needed; a leading = + - @ is neutralised so spreadsheets never run it. */
function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '') : String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v !== 'number') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 text from a header row and data rows. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Send a CSV download. */
export function sendCsv(res: Response, filename: string, header: string[], rows: Cell[][]): void {
  res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}"`).send(toCsv(header, rows));
}
