import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';

/** A running embedded MongoDB-protocol server. */
export interface EmbeddedDb {
  engine: 'mongod' | 'ferretdb' | 'memory';
  uri: string;
  dataDir: string;
  /** Where the database process writes its own log (absent for mongodb-memory-server). */
  logFile?: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  engine?: 'auto' | 'mongod' | 'ferretdb' | 'memory';
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

async function startProcess(engine: 'mongod' | 'ferretdb', command: string, args: string[], port: number, dataDir: string): Promise<EmbeddedDb> {
  // The log goes straight to a file, not through a pipe this process must drain: a busy event loop
  // must never make the database block on a full pipe, and the log outlives a crash.
  const logFile = path.join(dataDir, `${engine}.log`);
  const fd = openLog(logFile);
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilAnswering(uri, child);
  } catch (err) {
    await stopChild(child);
    throw new Error(`${engine} failed to start: ${(err as Error).message}\n${logTail(logFile)}`);
  }
  return { engine, uri, dataDir, logFile, stop: () => stopChild(child) };
}

/**
 * Start the embedded database, in the order the README documents: `mongod` on PATH, else the
 * FerretDB binary (SQLite backend, data under dataDir), else mongodb-memory-server.
 */
export async function startEmbeddedDb(opts: EmbeddedOptions): Promise<EmbeddedDb> {
  const engine = opts.engine ?? 'auto';
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port || (await freePort());
  const ferret = ferretBinaryPath(opts.projectRoot);

  if (engine === 'mongod' || (engine === 'auto' && onPath('mongod'))) {
    const dir = path.join(dataDir, 'mongod');
    mkdirSync(dir, { recursive: true });
    return startProcess('mongod', 'mongod', ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], port, dir);
  }
  if (engine === 'ferretdb' || (engine === 'auto' && existsSync(ferret))) {
    const dir = path.join(dataDir, 'ferretdb');
    mkdirSync(dir, { recursive: true });
    const args = [
      '--handler=sqlite',
      // WAL (FerretDB's default) with synchronous=NORMAL: a commit survives the server or FerretDB
      // being killed, and skips an fsync per write (only an OS crash may lose the last commits).
      `--sqlite-url=file:${dir}/?_pragma=synchronous(normal)`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      `--state-dir=${dir}`,
      '--log-level=warn',
    ];
    return startProcess('ferretdb', ferret, args, port, dir);
  }
  // Last resort: downloads a mongod binary, so it needs internet access.
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  const dir = path.join(dataDir, 'memory-server');
  mkdirSync(dir, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath: dir, port, storageEngine: 'wiredTiger' } });
  return { engine: 'memory', uri: server.getUri(), dataDir: dir, stop: async () => void (await server.stop({ doCleanup: false })) };
}
