import { CsvError, parse } from 'csv-parse/sync';
import { customerCsvColumns, customerImportLimits, requiredCustomerCsvColumns } from '@redress/shared';
import { errors } from '../../platform/errors';
import type { RawImportRow } from './commands/customerValueImporter';

type Column = (typeof customerCsvColumns)[number];

const numericColumns = new Set<Column>(['averageOrderValue', 'ordersPerYear', 'yearsAsCustomer']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** "Average Order Value", "average_order_value" and "averageOrderValue" name the same column. */
const squash = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
const columnBySquashed = new Map<string, Column>(customerCsvColumns.map((c) => [squash(c), c]));

/** Excel in many European locales saves with semicolons: take whichever separator the header uses. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (d: string) => header.split(d).length - 1;
  return [',', ';', '\t'].sort((a, b) => count(b) - count(a))[0]!;
}

/** Map header cells onto our columns, or throw a 400 naming every bad header cell. */
function columnsOf(header: string[]): Column[] {
  const problems: { path: string; message: string }[] = [];
  const columns: Column[] = [];
  for (const cell of header) {
    const col = columnBySquashed.get(squash(cell));
    if (!col) problems.push({ path: 'header', message: `Unknown column "${cell.trim()}"; the columns are ${customerCsvColumns.join(', ')}` });
    else if (columns.includes(col)) problems.push({ path: 'header', message: `The column "${col}" appears twice` });
    else columns.push(col);
  }
  for (const req of requiredCustomerCsvColumns) {
    if (!columns.includes(req)) problems.push({ path: 'header', message: `The column "${req}" is missing` });
  }
  if (problems.length) throw errors.validation(problems, 'The CSV header is not the expected one');
  return columns;
}

function valueOf(col: Column, cell: string): unknown {
  if (!numericColumns.has(col)) return cell;
  // Left as text when it is no plain number, so the row schema reports it.
  return NUMBER.test(cell) ? Number(cell) : cell;
}

interface ParsedLine {
  line: number;
  cells: string[];
}

/**
 * Read a customer value CSV (header line first; see customerCsvColumns) into import rows named by
 * their line number. Empty cells count as absent. A wrong header or unreadable file is a 400.
 */
export function parseCustomerCsv(input: Buffer | string): RawImportRow[] {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  let lines: ParsedLine[];
  try {
    const records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 64 * 1024,
      // Keep each record's line number (first cell) so rejections point at the spreadsheet row.
      on_record: (cells, ctx) => [String(ctx.lines), ...cells],
    });
    lines = records.map(([line, ...cells]) => ({ line: Number(line), cells }));
  } catch (err) {
    if (err instanceof CsvError) throw errors.validation([{ path: 'file', message: `The file is not valid CSV: ${err.message}` }]);
    throw err;
  }
  const [header, ...body] = lines;
  if (!header) throw errors.validation([{ path: 'file', message: 'The file is empty' }]);
  const columns = columnsOf(header.cells);
  if (body.length === 0) throw errors.validation([{ path: 'file', message: 'The file has a header but no customer rows' }]);
  if (body.length > customerImportLimits.maxCsvRows) {
    throw errors.validation([{ path: 'file', message: `At most ${customerImportLimits.maxCsvRows} rows per file; split the import` }]);
  }
  return body.map(({ line, cells }) => {
    if (cells.length !== columns.length) {
      return { row: line, data: null, problem: `Expected ${columns.length} values, found ${cells.length}` };
    }
    const data: Record<string, unknown> = {};
    columns.forEach((col, i) => {
      const cell = cells[i] ?? '';
      if (cell !== '') data[col] = valueOf(col, cell);
    });
    return { row: line, data };
  });
}
