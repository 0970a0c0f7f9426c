import { CsvError, parse } from 'csv-parse/sync';
import { orderCsvColumns, orderIngestLimits } from '@redress/shared';
import { errors } from '../../platform/errors';
import type { RawOrderRow } from './commands/orderIngester';

type Column = (typeof orderCsvColumns)[number];
const squash = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
const columnBySquashed = new Map<string, Column>(orderCsvColumns.map((c) => [squash(c), c]));
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (d: string) => header.split(d).length - 1;
  return [',', ';', '\t'].sort((a, b) => count(b) - count(a))[0]!;
}

/**
 * Read an order history CSV (header: email, orderId, kind, amount, currency, at; any order, any
 * case) into rows named by their line number. A wrong header or unreadable file is a 400.
 */
export function parseOrderCsv(input: string): RawOrderRow[] {
  let records: string[][];
  try {
    records = parse(input, {
      bom: true,
      delimiter: delimiterOf(input.replace(/^\uFEFF/, '')),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 64 * 1024,
      on_record: (cells: string[], ctx: { lines: number }) => [String(ctx.lines), ...cells],
    }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) throw errors.validation([{ path: 'file', message: `The file is not valid CSV: ${err.message}` }]);
    throw err;
  }
  const [header, ...body] = records;
  if (!header) throw errors.validation([{ path: 'file', message: 'The file is empty' }]);
  const columns: Column[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const cell of header.slice(1)) {
    const col = columnBySquashed.get(squash(cell));
    if (!col) problems.push({ path: 'header', message: `Unknown column "${cell}"; the columns are ${orderCsvColumns.join(', ')}` });
    else if (columns.includes(col)) problems.push({ path: 'header', message: `The column "${col}" appears twice` });
    else columns.push(col);
  }
  for (const c of orderCsvColumns) if (!columns.includes(c)) problems.push({ path: 'header', message: `The column "${c}" is missing` });
  if (problems.length) throw errors.validation(problems, 'The CSV header is not the expected one');
  if (body.length === 0) throw errors.validation([{ path: 'file', message: 'The file has a header but no order rows' }]);
  if (body.length > orderIngestLimits.maxCsvRows)
    throw errors.validation([{ path: 'file', message: `At most ${orderIngestLimits.maxCsvRows} rows per file; split the import` }]);
  return body.map(([line, ...cells]) => {
    if (cells.length !== columns.length) return { row: Number(line), data: null, problem: `Expected ${columns.length} values, found ${cells.length}` };
    const data: Record<string, unknown> = {};
    columns.forEach((col, i) => {
      const cell = cells[i] ?? '';
      if (cell !== '') data[col] = col === 'amount' && NUMBER.test(cell) ? Number(cell) : cell;
    });
    return { row: Number(line), data };
  });
}
