import { spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { copyAllDatabases } from './copyStore';
import { startPostgresCluster } from './embeddedPostgres';
import { startIndexMirror } from './postgresIndexMirror';
import { indexStoreFiles, sqliteIndexToolPath, startSqliteIndexMirror } from './sqliteIndexMirror';
import { endProcesses, enginesOfFolder, spawnTied } from './tiedSpawn';

/** A running embedded MongoDB-protocol server. */
export type EmbeddedEngine = 'mongod' | 'ferretdb-postgres' | 'ferretdb-sqlite' | 'memory';

export interface EmbeddedDb {
  engine: EmbeddedEngine;
  uri: string;
  dataDir: string;
  /** Where the database process writes its own log (absent for mongodb-memory-server). */
  logFile?: string;
  /** Builds now the store's own indexes that follow the collections' (FerretDB on PostgreSQL or SQLite). */
  syncIndexes?: () => Promise<number>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  engine?: 'auto' | EmbeddedEngine;
  /** false only for throwaway test databases: PostgreSQL then skips the flush at commit. */
  durable?: boolean;
  /** Loopback port; 0 picks a free one. */
  port?: number;
  projectRoot?: string;
}

const repoRoot = path.resolve(__dirname, '../../../..');

/** The FerretDB binary that scripts/ensure-tools.mjs builds into the project's tools folder. */
export function ferretBinaryPath(root = repoRoot): string {
  return path.join(root, '.tools', 'bin', 'ferretdb');
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Ask the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilAnswering(uri: string, child: ChildProcess | null, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`database process exited with code ${child.exitCode}`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, directConnection: true });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`database did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The last bytes of a log file, for error messages. */
export function logTail(file: string, bytes = 4000): string {
  try {
    return readFileSync(file, 'utf8').slice(-bytes);
  } catch {
    return '';
  }
}

const LOG_ROTATE_BYTES = 20 * 1024 * 1024;

/** Open the log for appending; one older generation (`.1`) is kept once it passes 20 MB. */
function openLog(file: string): number {
  if (existsSync(file) && statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
  return openSync(file, 'a');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A database process of this data folder still running when we start (left by a server killed
 * before its watchdog could act, by an older version without one, or started by hand) would hold
 * the folder's files: it is ended first. Found by its pid file and, on Linux, by its arguments
 * naming this folder (a missing or stale pid file is no excuse).
 */
async function endLeftover(pidFile: string, command: string, folder: string): Promise<void> {
  const pids = new Set(enginesOfFolder(path.basename(command), folder));
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    rmSync(pidFile, { force: true });
    let cmdline = '';
    try {
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // not Linux, or gone meanwhile
    }
    if (cmdline.includes(path.basename(command))) pids.add(pid);
  }
  await endProcesses([...pids]);
}

async function startProcess(
  engine: EmbeddedEngine,
  command: string,
  args: string[],
  port: number,
  dataDir: string,
  extraStop?: () => Promise<void>,
): Promise<EmbeddedDb> {
  const logName = engine === 'mongod' ? 'mongod' : 'ferretdb';
  const pidFile = path.join(dataDir, `${logName}.pid`);
  await endLeftover(pidFile, command, dataDir);
  // The log goes straight to a file, not through a pipe this process must drain: a busy event loop
  // must never make the database block on a full pipe, and the log outlives a crash.
  const logFile = path.join(dataDir, `${logName}.log`);
  const fd = openLog(logFile);
  let child: ChildProcess;
  try {
    // Tied to this process: the engine is stopped when the server ends, even by SIGKILL.
    child = spawnTied(command, args, 'TERM', { out: fd });
  } finally {
    closeSync(fd);
  }
  if (child.pid) writeFileSync(pidFile, `${child.pid}\n`);
  const uri = `mongodb://127.0.0.1:${port}/`;
  const stop = async () => {
    await stopChild(child);
    rmSync(pidFile, { force: true });
    await extraStop?.();
  };
  try {
    await waitUntilAnswering(uri, child);
  } catch (err) {
    await stop();
    throw new Error(`${engine} failed to start: ${(err as Error).message}\n${logTail(logFile)}`);
  }
  return { engine, uri, dataDir, logFile, stop };
}

function ferretArgs(port: number, dir: string): string[] {
  return [`--listen-addr=127.0.0.1:${port}`, '--debug-addr=-', '--telemetry=disable', `--state-dir=${dir}`, '--log-level=warn'];
}

interface SqliteOptions {
  /** Index every collection by FerretDB's _id expression (sqliteIndexMirror.ts); off only to copy a store away. */
  idIndexes: boolean;
  root: string;
  log: (line: string) => void;
}

async function startFerretSqlite(ferret: string, dir: string, port: number, opts: SqliteOptions): Promise<EmbeddedDb> {
  mkdirSync(dir, { recursive: true });
  const tool = sqliteIndexToolPath(opts.root);
  const mirrored = opts.idIndexes && existsSync(tool);
  if (opts.idIndexes && !mirrored) {
    opts.log(`no ${tool}: finds and updates by _id will scan whole collections (run 'node scripts/ensure-tools.mjs --db', needs Go)`);
  }
  // What exists is indexed before FerretDB opens the files: a table that grew large is then indexed
  // with nobody waiting on it.
  if (mirrored) {
    const created = await indexStoreFiles(tool, [dir]).catch((err: Error) => {
      opts.log(`could not add the SQLite _id indexes: ${err.message}`);
      return 0;
    });
    if (created > 0) opts.log(`added the _id index FerretDB's lookups use to ${created} SQLite tables`);
  }
  const args = [
    '--handler=sqlite',
    // WAL (FerretDB's default) with synchronous=NORMAL: a commit survives the server or FerretDB
    // being killed, and skips an fsync per write (only an OS crash may lose the last commits).
    `--sqlite-url=file:${dir}/?_pragma=synchronous(normal)`,
    ...ferretArgs(port, dir),
  ];
  const db = await startProcess('ferretdb-sqlite', ferret, args, port, dir);
  if (!mirrored) return db;
  const failed = (err: Error) => opts.log(`could not add a SQLite _id index: ${err.message}`);
  const mirror = startSqliteIndexMirror(tool, dir, db.uri, failed);
  await mirror.syncNow().catch(failed);
  const stop = async () => {
    await mirror.stop();
    await db.stop();
  };
  return { ...db, syncIndexes: mirror.syncNow, stop };
}

async function startFerretPostgres(ferret: string, dataDir: string, port: number, durable: boolean, log: (line: string) => void): Promise<EmbeddedDb> {
  const dir = path.join(dataDir, 'postgres');
  const cluster = await startPostgresCluster(dir, await freePort(), durable);
  const mirror = startIndexMirror(cluster.url, (err) => log(`could not add a PostgreSQL index: ${err.message}`));
  const stopBoth = async () => {
    await mirror.stop();
    await cluster.stop();
  };
  const args = ['--handler=postgresql', `--postgresql-url=${cluster.url}?pool_max_conns=40`, ...ferretArgs(port, dir)];
  try {
    const db = await startProcess('ferretdb-postgres', ferret, args, port, dir, stopBoth);
    await mirror.syncNow();
    return { ...db, syncIndexes: mirror.syncNow };
  } catch (err) {
    await stopBoth();
    throw err;
  }
}

/** The folder of the SQLite store of earlier versions, when it holds any data. */
function sqliteStoreWithData(dataDir: string): string | null {
  const dir = path.join(dataDir, 'ferretdb');
  if (!existsSync(dir)) return null;
  return readdirSync(dir).some((f) => f.endsWith('.sqlite') && statSync(path.join(dir, f)).size > 0) ? dir : null;
}

/**
 * Moves the data of the SQLite store (the embedded default before PostgreSQL) into the new store
 * once: copied collection by collection through the MongoDB protocol, then the old folder is renamed
 * (kept, never deleted). An interrupted copy is redone from the start on the next start.
 */
async function migrateSqliteStore(ferret: string, dataDir: string, target: EmbeddedDb, log: (line: string) => void): Promise<void> {
  const oldDir = sqliteStoreWithData(dataDir);
  if (!oldDir) return;
  log(`moving the SQLite store in ${oldDir} to the PostgreSQL store (one time)...`);
  const source = await startFerretSqlite(ferret, oldDir, await freePort(), { idIndexes: false, root: repoRoot, log });
  try {
    const copied = await copyAllDatabases(source.uri, target.uri, { replace: true });
    log(`moved ${copied.documents} documents in ${copied.collections} collections`);
  } finally {
    await source.stop();
  }
  const kept = `${oldDir}-sqlite-moved-${new Date().toISOString().slice(0, 10)}`;
  renameSync(oldDir, existsSync(kept) ? `${kept}-${Date.now()}` : kept);
  log(`the old SQLite files are kept in ${kept}; delete them once you have checked the data`);
}

const DOWNLOAD_RETRY_MS = 24 * 3600_000;

/** A mongod that mongodb-memory-server downloaded earlier (on a machine with internet), without downloading. */
async function cachedMongod(): Promise<string | undefined> {
  const { DryMongoBinary } = await import('mongodb-memory-server-core/lib/util/DryMongoBinary');
  return DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions()).catch(() => undefined);
}

async function startMemoryServer(dataDir: string, port: number): Promise<EmbeddedDb> {
  // Remembered so that a machine without internet does not wait for a download on every start.
  const failedMarker = path.join(dataDir, '.mongod-download-failed');
  if (existsSync(failedMarker) && Date.now() - statSync(failedMarker).mtimeMs < DOWNLOAD_RETRY_MS) {
    throw new Error(
      `no embedded database: the mongod download failed earlier (${readFileSync(failedMarker, 'utf8').trim()}); set MONGODB_URI, or delete ${failedMarker} to retry`,
    );
  }
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  const dir = path.join(dataDir, 'memory-server');
  mkdirSync(dir, { recursive: true });
  try {
    const server = await MongoMemoryServer.create({ instance: { dbPath: dir, port, storageEngine: 'wiredTiger' } });
    rmSync(failedMarker, { force: true });
    return { engine: 'memory', uri: server.getUri(), dataDir: dir, stop: async () => void (await server.stop({ doCleanup: false })) };
  } catch (err) {
    writeFileSync(failedMarker, `${new Date().toISOString()} ${(err as Error).message}\n`);
    throw err;
  }
}

/**
 * Start the embedded database, in the order the README documents: a real mongod (on PATH, or one
 * mongodb-memory-server already cached), else FerretDB on SQLite, else mongodb-memory-server
 * (downloads mongod; needs internet); FerretDB on a private PostgreSQL cluster when asked for.
 */
export async function startEmbeddedDb(opts: EmbeddedOptions & { log?: (line: string) => void }): Promise<EmbeddedDb> {
  const engine = opts.engine ?? 'auto';
  const auto = engine === 'auto';
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = opts.port || (await freePort());
  const ferret = ferretBinaryPath(opts.projectRoot);
  const log = opts.log ?? (() => undefined);

  const mongod = engine === 'mongod' || auto ? (onPath('mongod') ? 'mongod' : auto ? await cachedMongod() : undefined) : undefined;
  if (engine === 'mongod' || mongod) {
    const dir = path.join(dataDir, 'mongod');
    mkdirSync(dir, { recursive: true });
    return startProcess('mongod', mongod ?? 'mongod', ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], port, dir);
  }
  const haveFerret = existsSync(ferret);
  // FerretDB on PostgreSQL is chosen explicitly for now: it answers queries at 100k complaints that
  // SQLite scans for seconds, but the test suite is not yet green on it (README, "The embedded database").
  if (engine === 'ferretdb-postgres') {
    const db = await startFerretPostgres(ferret, dataDir, port, opts.durable ?? true, log);
    try {
      await migrateSqliteStore(ferret, dataDir, db, log);
      await db.syncIndexes?.();
    } catch (err) {
      await db.stop();
      throw new Error(`could not move the SQLite store to PostgreSQL (nothing was deleted): ${(err as Error).message}`);
    }
    return db;
  }
  if (engine === 'ferretdb-sqlite' || (auto && haveFerret)) {
    return startFerretSqlite(ferret, path.join(dataDir, 'ferretdb'), port, { idIndexes: true, root: opts.projectRoot ?? repoRoot, log });
  }
  return startMemoryServer(dataDir, port);
}
