import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL: no shutdown hooks run, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '../..');

/**
 * Start a real Redress server in its own process (`npx tsx test/support/serverProcessMain.ts`),
 * for tests that need several processes sharing one database and Redis. `env` is added to the
 * process environment (MONGODB_URI, TEST_DB_NAME, REDIS_URL, TEST_CLOCK_FILE, ...).
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  // `node --import tsx` (what `npx tsx` does, minus the wrapper processes): one pid to kill.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/serverProcessMain.ts')], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', SEED_DEMO: 'false', RATE_LIMIT_PUBLIC_PER_MINUTE: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process did not start in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}\n${stderr}`));
    });
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}
