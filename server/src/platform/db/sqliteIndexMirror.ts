import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import type { IndexMirror } from './postgresIndexMirror';

const POLL_MS = 2_000;
const TOOL_TIMEOUT_MS = 10 * 60_000;
const run = promisify(execFile);

/** The index tool that scripts/ensure-tools.mjs builds next to FerretDB. */
export function sqliteIndexToolPath(root: string): string {
  return path.join(root, '.tools', 'bin', 'redress-sqlite-index');
}

/** Runs the tool's `sync` over store files or folders; resolves with how many indexes it created. */
export async function indexStoreFiles(tool: string, paths: string[]): Promise<number> {
  const { stdout } = await run(tool, ['sync', ...paths], { timeout: TOOL_TIMEOUT_MS });
  return Number(stdout.trim()) || 0;
}

/** Runs one SQL statement on a store file through the tool (tests and benches); rows as arrays. */
export async function queryStoreFile(tool: string, file: string, sql: string, ...args: string[]): Promise<unknown[][]> {
  const { stdout } = await run(tool, ['query', file, sql, ...args], { timeout: TOOL_TIMEOUT_MS });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown[]);
}

/** Sizes and times of a store file and its WAL: any write, a new collection included, changes it. */
function stamp(file: string): string {
  const parts = [file, `${file}-wal`].map((f) => {
    try {
      const st = statSync(f);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  });
  return parts.join('/');
}

interface StoreFile {
  file: string;
  stamp: string;
  keys: string[];
}

/**
 * FerretDB 1.x on SQLite pushes down a filter that is exactly `{_id: <string|ObjectId>}` (and every
 * update and delete of a document) as `WHERE _ferretdb_sjson->'$._id' = ?`, but creates its unique
 * _id index on `_ferretdb_sjson->"_id"`; SQLite matches index expressions by their parsed form, so
 * that index is never used and each lookup by id scans the collection. For every collection table,
 * this adds a plain index on FerretDB's exact expression (the Go tool in `sqliteIdIndex/`, built by
 * scripts/ensure-tools.mjs with the SQLite driver FerretDB uses): existing tables before FerretDB
 * starts, new collections within seconds of their creation (found through listCollections, so the
 * store's files are opened only when there is something to add). Not unique: FerretDB's own unique
 * index is on the same value (`->"_id"` and `->'$._id'` give the same text) and already enforces
 * it; a second unique check would only cost every insert, and could fail to build on a table
 * FerretDB accepted. The store is in WAL mode and both sides wait on a busy timeout, so a CREATE
 * INDEX on a new, small table holds up FerretDB's writes to that database for a moment only. Only
 * for the embedded store we own.
 *
 * This watches a running store (folder `dir`, answering at `uri`) for new collections; what exists
 * before FerretDB starts is indexed by `indexStoreFiles`.
 */
export function startSqliteIndexMirror(tool: string, dir: string, uri: string, onError: (err: Error) => void): IndexMirror {
  const client = new MongoClient(uri, { directConnection: true, serverSelectionTimeoutMS: 5_000, maxPoolSize: 2 });
  // Collections known to be indexed, by database, name and uuid (a collection dropped and created
  // again gets a new table and a new uuid); files whose stamp has not moved since they were checked.
  const known = new Set<string>();
  const checked = new Map<string, string>();
  let running: Promise<number> | null = null;
  let stopped = false;

  async function collectionKeys(dbName: string): Promise<string[]> {
    const list = await client.db(dbName).listCollections({}, { nameOnly: false }).toArray();
    return list.map((c) => {
      const uuid = (c as { info?: { uuid?: { toString(enc: 'hex'): string } } }).info?.uuid;
      return `${dbName}\0${c.name}\0${uuid ? uuid.toString('hex') : ''}`;
    });
  }

  async function sync(): Promise<number> {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sqlite')) : [];
    const pending: StoreFile[] = [];
    for (const name of files) {
      const file = path.join(dir, name);
      const now = stamp(file);
      if (checked.get(file) === now) continue;
      const keys = await collectionKeys(name.slice(0, -'.sqlite'.length));
      if (keys.every((k) => known.has(k))) checked.set(file, now);
      else pending.push({ file, stamp: now, keys });
    }
    const present = new Set(files.map((f) => path.join(dir, f)));
    for (const file of checked.keys()) if (!present.has(file)) checked.delete(file);
    if (pending.length === 0) return 0;
    // Every collection listed above was committed with its table before the tool reads the files.
    const created = await indexStoreFiles(
      tool,
      pending.map((p) => p.file),
    );
    for (const p of pending) {
      p.keys.forEach((k) => known.add(k));
      checked.set(p.file, p.stamp);
    }
    return created;
  }

  const syncNow = () => {
    running ??= sync().finally(() => (running = null));
    return running;
  };
  let lastError = '';
  const timer = setInterval(() => {
    if (stopped || running) return;
    syncNow().then(
      () => (lastError = ''),
      (err: Error) => {
        // Said once per distinct failure, not every two seconds.
        if (stopped || err.message === lastError) return;
        lastError = err.message;
        onError(err);
      },
    );
  }, POLL_MS);
  timer.unref();

  return {
    syncNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}
