/**
 * Page load on a slow phone connection: the customer's complaint form and the staff console
 * (sign-in page, then the console's first screen), each in a fresh headless Chromium profile (empty
 * cache) with the network throttled through CDP to 1.6 Mbps down, 750 kbps up, 150 ms latency.
 * Prints bytes transferred (all responses, as sent: compressed) of which JavaScript, and the time
 * until the page is usable: the form's Send button is on screen and enabled; the sign-in button;
 * the console's complaint list. Fails when the form takes longer than 3 s.
 *
 * Needs the built client (`npm run build`). BENCH_RUNS (default 3) runs per page; median printed.
 * Uses MONGODB_URI if set, else the embedded database in a temporary folder.
 * `BENCH_ONLY=pageload npm run bench`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createRedressServer } from '../../server/src/app';
import { startEmbeddedDb } from '../../server/src/platform/db/embedded';
import { loadEnv } from '../../server/src/platform/env';
import { createLogger } from '../../server/src/platform/logger';
import { hashPassword } from '../../server/src/modules/auth/passwords';
import { User } from '../../server/src/modules/auth/user.model';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FORM_TARGET_MS = 3000;
/** Chrome DevTools "Fast 3G"-like phone link, as the issue measured it. */
const network = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };
const PASSWORD = 'bench-password-1';

interface Load {
  ms: number;
  bytes: number;
  jsBytes: number;
  requests: number;
}

/** Open `url` in a fresh throttled profile, run `ready` until the page is usable; what went over the wire by then. */
async function measure(browser: Browser, base: string, prepare: (page: Page) => Promise<void>, ready: (page: Page) => Promise<void>): Promise<Load> {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const types = new Map<string, string>();
  let bytes = 0;
  let jsBytes = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
    if (types.get(e.requestId) === 'Script') jsBytes += e.encodedDataLength;
  });
  await prepare(page);
  bytes = jsBytes = requests = 0;
  await cdp.send('Network.emulateNetworkConditions', network);
  const t0 = Date.now();
  await ready(page);
  const ms = Date.now() - t0;
  await ctx.close();
  return { ms, bytes, jsBytes, requests };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function line(label: string, runs: Load[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const m = runs.find((r) => r.ms === median(runs.map((x) => x.ms)))!;
  return `${label.padEnd(34)} ${String(median(runs.map((r) => r.ms))).padStart(6)} ms   ${kb(m.bytes).padStart(10)} (${kb(m.jsBytes)} JS, ${m.requests} requests)   runs: ${runs.map((r) => r.ms).join(', ')} ms`;
}

async function main(): Promise<void> {
  if (!existsSync(path.resolve(__dirname, '../../client/dist/index.html'))) throw new Error('client/dist is missing: run `npm run build` first');
  const dataDir = process.env.MONGODB_URI ? null : mkdtempSync(path.join(os.tmpdir(), 'redress-bench-pageload-'));
  const db = dataDir ? await startEmbeddedDb({ dataDir }) : null;
  const uri = process.env.MONGODB_URI ?? db!.uri;
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', SESSION_SECRET: 'bench-session-secret-0123456789' });
  const server = await createRedressServer({
    env,
    mongoUri: uri,
    dbName: `bench_pageload_${Date.now()}`,
    smtpUrl: 'smtp://127.0.0.1:9',
    logger: createLogger('silent'),
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await User.create({ email: 'agent@bench.example', name: 'Bench Agent', role: 'agent', passwordHash: await hashPassword(PASSWORD) });
    const port = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    process.stdout.write(`page load, throttled to 1.6 Mbps down / 750 kbps up / 150 ms latency, empty cache, ${RUNS} runs (median)\n`);

    const form: Load[] = [];
    const login: Load[] = [];
    const consoleFirst: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      form.push(
        await measure(
          browser,
          base,
          async () => undefined,
          async (page) => {
            await page.goto('/');
            // Usable: Send is on screen and enabled, and the categories are in their select.
            await page.locator('[data-testid="submit-complaint"]:enabled').waitFor({ state: 'visible' });
            await page.locator('[data-testid="field-category"] option:nth-child(2)').waitFor({ state: 'attached' });
          },
        ),
      );
      login.push(
        await measure(
          browser,
          base,
          async () => undefined,
          async (page) => {
            await page.goto('/login');
            await page.getByTestId('login-submit').waitFor({ state: 'visible' });
          },
        ),
      );
      consoleFirst.push(
        await measure(
          browser,
          base,
          // Signed in beforehand (the session cookie is set), so this is the console's own load.
          async (page) => {
            const res = await page.request.post('/api/auth/login', { data: { email: 'agent@bench.example', password: PASSWORD } });
            if (!res.ok()) throw new Error(`login failed: ${res.status()}`);
          },
          async (page) => {
            await page.goto('/console');
            await page.getByTestId('console-page').waitFor({ state: 'visible' });
            await page.locator('[data-testid^="complaint-list-"]').first().waitFor({ state: 'visible' });
          },
        ),
      );
    }
    process.stdout.write(
      `${line('complaint form (usable)', form)}\n${line('staff sign-in page (usable)', login)}\n${line('console first screen (signed in)', consoleFirst)}\n`,
    );
    const formMs = median(form.map((r) => r.ms));
    if (formMs > FORM_TARGET_MS) {
      process.stdout.write(`FAIL: the complaint form took ${formMs} ms to become usable (target ${FORM_TARGET_MS} ms)\n`);
      process.exitCode = 1;
    } else process.stdout.write(`ok: the complaint form is usable in ${formMs} ms (target ${FORM_TARGET_MS} ms)\n`);
  } finally {
    await browser.close();
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await server.close();
    await db?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
