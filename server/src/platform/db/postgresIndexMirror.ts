import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * FerretDB 1.x on PostgreSQL pushes an equality filter down as jsonb containment,
 * `_jsonb -> 'field' @> '"value"'`, and creates btree indexes on `_jsonb -> 'field'` for the
 * collection's indexes; PostgreSQL cannot answer `@>` from a btree, so every query (even by _id)
 * scans the table. For each top-level field that FerretDB indexes, this adds a GIN index on the same
 * expression, which answers containment: a find by _id on 100k complaints goes from a scan of tens
 * of milliseconds to about one. Existing tables are covered before the server connects; new
 * collections (small when new) are picked up within seconds. A plain CREATE INDEX blocks writes to
 * its table while it builds, which is instant on a new collection; CREATE INDEX CONCURRENTLY was
 * tried and stalled other sessions' work for minutes while it waited for every older transaction.
 * Only for the embedded cluster we own.
 */
export interface IndexMirror {
  /** Creates what is missing now; resolves with how many indexes it created. */
  syncNow(): Promise<number>;
  stop(): Promise<void>;
}

const POLL_MS = 2_000;

// Top-level fields of FerretDB's btree indexes: `(_jsonb -> 'status'::text)` not followed by another `->`.
const FIELD = /\(_jsonb -> '((?:[^']|'')+)'::text\)(?!\s*->)/g;

interface IndexRow {
  schema: string;
  table: string;
  def: string;
  method: string;
  name: string;
  valid: boolean;
}

function mirrorName(table: string, field: string): string {
  return `rdx_gin_${createHash('sha1').update(`${table}\0${field}`).digest('hex').slice(0, 20)}`;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function startIndexMirror(url: string, onError: (err: Error) => void): IndexMirror {
  const client = new Client({ connectionString: url });
  let connected: Promise<void> | null = null;
  let running: Promise<number> | null = null;
  let stopped = false;

  const connect = () => (connected ??= client.connect().then(() => undefined));

  async function sync(): Promise<number> {
    await connect();
    const { rows } = await client.query<IndexRow>(`
      SELECT n.nspname AS schema, t.relname AS table, pg_get_indexdef(i.indexrelid) AS def, am.amname AS method,
             ic.relname AS name, i.indisvalid AS valid
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`);
    const have = new Map(rows.filter((r) => r.name.startsWith('rdx_gin_')).map((r) => [r.name, r]));
    let created = 0;
    for (const row of rows) {
      if (row.method !== 'btree' || !row.def.includes('_jsonb ->')) continue;
      for (const match of row.def.matchAll(FIELD)) {
        const field = match[1]!.replace(/''/g, "'");
        const name = mirrorName(row.table, field);
        const existing = have.get(name);
        if (existing?.valid) continue;
        // A concurrent build that was interrupted leaves an invalid index: drop it and build again.
        if (existing) await client.query(`DROP INDEX IF EXISTS ${quoteIdent(row.schema)}.${quoteIdent(name)}`);
        have.set(name, { ...row, name, valid: true });
        const literal = field.replace(/'/g, "''");
        try {
          await client.query(
            `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${quoteIdent(row.schema)}.${quoteIdent(row.table)} USING gin ((_jsonb -> '${literal}') jsonb_path_ops)`,
          );
          created++;
        } catch (err) {
          // The collection was dropped meanwhile (tests drop their databases): nothing to mirror.
          if (!/does not exist/.test((err as Error).message)) throw err;
        }
      }
    }
    return created;
  }

  const syncNow = () => {
    running ??= sync().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped && !running) syncNow().catch((err: Error) => !stopped && onError(err));
  }, POLL_MS);
  timer.unref();

  return {
    syncNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      if (connected) await client.end().catch(() => undefined);
    },
  };
}
