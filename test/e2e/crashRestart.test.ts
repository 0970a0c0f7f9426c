/**
 * A power cut, as near as a test gets: the server and its embedded database (FerretDB and
 * PostgreSQL) are all killed with SIGKILL right after answering; `npm start`'s server then starts on
 * the same data folder and finds everything it acknowledged, with the reactions it owed.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ferretBinaryPath, freePort } from '../../server/src/platform/db/embedded';
import { postgresBinDir } from '../../server/src/platform/db/embeddedPostgres';
import { runMain, stopStartedMains, waitReady } from '../support/mainProcess';

afterAll(stopStartedMains, 30_000);

function pidIn(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const onPostgres = Boolean(postgresBinDir()) && existsSync(ferretBinaryPath());

(onPostgres ? it : it.skip)(
  'keeps every acknowledged complaint, and does what it owed, after kill -9 of the server, FerretDB and PostgreSQL',
  async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-crash-'));
    const env = async () => ({
      DATA_DIR: dataDir,
      EMBEDDED_DB_ENGINE: 'ferretdb-postgres',
      // The demo staff are needed; the demo orders (minutes on PostgreSQL) are not.
      SEED_DEMO_ORDERS: 'false',
      PORT: String(await freePort()),
      MAIL_CATCHER_PORT: String(await freePort()),
      INBOUND_SMTP_PORT: String(await freePort()),
    });
    const firstEnv = await env();
    const first = runMain(firstEnv);
    const url1 = `http://127.0.0.1:${firstEnv.PORT}`;
    // A first start on PostgreSQL seeds the demo (history, orders, retention): give it time on a busy machine.
    await waitReady(url1, first, 480_000);
    expect(first.stdout()).toContain('embedded database: ferretdb-postgres');

    const references: string[] = [];
    for (let i = 0; i < 5; i++) {
      const filed = await request(url1)
        .post('/api/complaints')
        .send({
          customer: { name: `Crash ${i}`, email: `crash${i}@example.com` },
          category: 'delivery_delay',
          description: `Filed just before the power cut, number ${i}.`,
        });
      expect(filed.status).toBe(201);
      references.push(filed.body.reference);
    }

    const pgPid = pidIn(path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid'));
    const ferretPid = pidIn(path.join(dataDir, 'postgres', 'ferretdb.pid'));
    expect(pgPid).not.toBeNull();
    expect(ferretPid).not.toBeNull();
    for (const pid of [first.child.pid!, ferretPid!, pgPid!]) process.kill(pid, 'SIGKILL');
    await first.exited;
    for (let i = 0; i < 100 && (alive(ferretPid!) || alive(pgPid!)); i++) await new Promise((r) => setTimeout(r, 100));

    const secondEnv = await env();
    const second = runMain(secondEnv);
    const url2 = `http://127.0.0.1:${secondEnv.PORT}`;
    await waitReady(url2, second);
    expect(second.stdout()).not.toContain('demo data created');
    const admin = request.agent(url2);
    expect((await admin.post('/api/auth/login').send({ email: 'admin@redress.demo', password: 'redress-demo' })).status).toBe(200);
    for (const reference of references) {
      const list = await admin.get(`/api/complaints?scope=all&q=${reference}`);
      expect(list.body.items.map((c: { reference: string }) => c.reference)).toEqual([reference]);
    }
    // The reactions the first server owed (SLA clocks, the filing in the timeline) are done by the second.
    const ids = await Promise.all(
      references.map(async (reference) => (await admin.get(`/api/complaints?scope=all&q=${reference}`)).body.items[0].id as string),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const details = await Promise.all(
        ids.map(async (id) => ({
          sla: (await admin.get(`/api/complaints/${id}`)).body.complaint.sla as unknown,
          timeline: (await admin.get(`/api/complaints/${id}/timeline`)).body.items as unknown[],
        })),
      );
      if (details.every((d) => d.sla && d.timeline?.length > 0)) break;
      if (Date.now() > deadline)
        throw new Error(`reactions missing after the restart: ${JSON.stringify(details.map((d) => [Boolean(d.sla), d.timeline?.length]))}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  },
  720_000,
);
