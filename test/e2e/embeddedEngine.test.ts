/**
 * The embedded engine never outlives its server (issue 14, point 7): `server/src/main.ts` as an
 * operator starts it, on FerretDB/SQLite in a data folder of its own. A server killed with SIGKILL
 * takes its FerretDB with it (the watchdog of tiedSpawn.ts), the next start on the same folder
 * works and ends an engine of that folder it finds running (even without a pid file), and a start
 * that fails because its port is taken exits non-zero leaving no engine behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ferretBinaryPath, freePort } from '../../server/src/platform/db/embedded';
import { postgresBinDir } from '../../server/src/platform/db/embeddedPostgres';
import { enginesOfFolder } from '../../server/src/platform/db/tiedSpawn';
import { complaintBody } from '../support/factories';
import { runMain, stopStartedMains, waitReady } from '../support/mainProcess';

afterAll(stopStartedMains, 30_000);

const haveFerret = existsSync(ferretBinaryPath());
const maybe = haveFerret ? it : it.skip;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

async function mainEnv(dataDir: string): Promise<Record<string, string> & { PORT: string }> {
  return {
    DATA_DIR: dataDir,
    EMBEDDED_DB_ENGINE: 'ferretdb-sqlite',
    PORT: String(await freePort()),
    MAIL_CATCHER_PORT: String(await freePort()),
    INBOUND_SMTP_PORT: 'off',
    SEED_DEMO: 'false',
  };
}

const engines: { engine: string; folder: string; extraPidFile?: string }[] = [{ engine: 'ferretdb-sqlite', folder: 'ferretdb' }];
if (postgresBinDir()) engines.push({ engine: 'ferretdb-postgres', folder: 'postgres', extraPidFile: 'postgres/pgdata/postmaster.pid' });

describe.each(engines)('$engine', ({ engine, folder, extraPidFile }) => {
  maybe(
    'a server killed with SIGKILL takes its engine with it, and the next start on the same folder works',
    async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-engine-'));
      const ferretDir = path.join(dataDir, folder);
      const firstEnv = { ...(await mainEnv(dataDir)), EMBEDDED_DB_ENGINE: engine };
      const first = runMain(firstEnv);
      await waitReady(`http://127.0.0.1:${firstEnv.PORT}`, first);
      const filed = await request(`http://127.0.0.1:${firstEnv.PORT}`).post('/api/complaints').send(complaintBody());
      expect(filed.status).toBe(201);
      const pids = [Number(readFileSync(path.join(ferretDir, 'ferretdb.pid'), 'utf8'))];
      expect(enginesOfFolder('ferretdb', ferretDir)).toEqual(pids);
      if (extraPidFile) pids.push(Number(readFileSync(path.join(dataDir, extraPidFile), 'utf8').split('\n')[0]));
      try {
        first.child.kill('SIGKILL');
        await first.exited;
        for (const pid of pids) expect(await goneWithin(pid, 5_000)).toBe(true);
        expect(enginesOfFolder('ferretdb', ferretDir)).toEqual([]);
      } finally {
        for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL'); // what a failing run left
      }

      const secondEnv = { ...(await mainEnv(dataDir)), EMBEDDED_DB_ENGINE: engine };
      const second = runMain(secondEnv);
      const url = `http://127.0.0.1:${secondEnv.PORT}`;
      await waitReady(url, second);
      // The same store: the reference sequence goes on from the first run's complaint.
      const next = await request(url).post('/api/complaints').send(complaintBody());
      expect(next.status).toBe(201);
      expect(next.body.reference).not.toBe(filed.body.reference);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(enginesOfFolder('ferretdb', ferretDir)).toEqual([]);
    },
    240_000,
  );
});

maybe(
  'a start ends a FerretDB of its own data folder that it finds running, even without a pid file',
  async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-engine-stray-'));
    const ferretDir = path.join(dataDir, 'ferretdb');
    mkdirSync(ferretDir, { recursive: true });
    // As an older version (no watchdog, no pid file) or a hand-started engine leaves it: detached.
    const strayPort = await freePort();
    const stray = spawn(
      ferretBinaryPath(),
      [
        '--handler=sqlite',
        `--sqlite-url=file:${ferretDir}/`,
        `--listen-addr=127.0.0.1:${strayPort}`,
        '--debug-addr=-',
        '--telemetry=disable',
        `--state-dir=${ferretDir}`,
        '--log-level=warn',
      ],
      { detached: true, stdio: 'ignore' },
    );
    stray.unref();
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(enginesOfFolder('ferretdb', ferretDir)).toEqual([stray.pid]);

      const env = await mainEnv(dataDir);
      const run = runMain(env);
      await waitReady(`http://127.0.0.1:${env.PORT}`, run);
      expect(alive(stray.pid!)).toBe(false);
      expect(enginesOfFolder('ferretdb', ferretDir)).toHaveLength(1); // its own
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      if (alive(stray.pid!)) process.kill(stray.pid!, 'SIGKILL');
    }
  },
  180_000,
);

maybe(
  'a start that finds its port taken exits non-zero and leaves no engine running',
  async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-engine-port-'));
    const blocker = net.createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '0.0.0.0', () => r((blocker.address() as net.AddressInfo).port)));
    try {
      const run = runMain({ ...(await mainEnv(dataDir)), PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toContain(`redress: port ${port} is already in use`);
      expect(existsSync(path.join(dataDir, 'ferretdb'))).toBe(true); // the engine did start
      expect(enginesOfFolder('ferretdb', path.join(dataDir, 'ferretdb'))).toEqual([]);
    } finally {
      blocker.close();
    }
  },
  120_000,
);
