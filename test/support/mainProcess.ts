import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';

const repoRoot = path.resolve(__dirname, '../..');

/** `server/src/main.ts` in its own process, as an operator starts it. */
export interface MainRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const started: MainRun[] = [];

export function runMain(env: Record<string, string>): MainRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')], {
    cwd: repoRoot,
    // No inherited MONGODB_URI/PORT from the developer's shell: only what each case sets.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', LOG_LEVEL: 'info', JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const run = { child, stdout: () => out, stderr: () => err, exited };
  started.push(run);
  return run;
}

/** Stops what a failed test left running: SIGTERM first (the server stops its database), then SIGKILL. */
export async function stopStartedMains(): Promise<void> {
  const running = started.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
  for (const r of running) r.child.kill('SIGTERM');
  await Promise.all(running.map((r) => Promise.race([r.exited, new Promise((res) => setTimeout(res, 15_000))])));
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
}

/** Until /readyz answers 200 and start-up is done ("Redress is up" is the last start-up line). */
export async function waitReady(url: string, run: MainRun, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void run.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`server exited before it was ready:\n${run.stderr()}\n${run.stdout().slice(-2000)}`);
    const ok = await request(url)
      .get('/readyz')
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok && run.stdout().includes('Redress is up')) return;
    if (Date.now() > deadline) throw new Error(`not ready in time:\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
