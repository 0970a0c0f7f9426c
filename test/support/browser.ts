import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer, type TestServerOptions } from './harness';

/** Where browser tests leave screenshots for people to look at. */
export const artifactsDir = path.resolve(__dirname, '../artifacts');

/** The system Chromium, headless, with what a container needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface ContextOptions {
  baseURL: string;
  /** UI language stored before the first page loads ('en' or 'zh'). */
  language?: 'en' | 'zh';
  viewport?: { width: number; height: number };
  /** The browser's IANA time zone (default: the machine's). */
  timezoneId?: string;
}

/** A fresh, isolated browser profile (own cookies and storage) pointed at a test server. */
export async function newContext(browser: Browser, o: ContextOptions): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL: o.baseURL,
    viewport: o.viewport ?? { width: 1440, height: 900 },
    locale: o.language === 'zh' ? 'zh-CN' : 'en-US',
    ...(o.timezoneId ? { timezoneId: o.timezoneId } : {}),
  });
  if (o.language) {
    // A script string: this file is compiled without DOM types, the code runs in the page.
    await ctx.addInitScript(`if (!localStorage.getItem('redress.lang')) localStorage.setItem('redress.lang', ${JSON.stringify(o.language)});`);
  }
  return ctx;
}

/** Save a full-page screenshot to test/artifacts/<name>.png and return its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Sign in through the UI's login page. */
export async function loginThroughUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * A browser test file's server and browser: a fresh test server and one headless Chromium,
 * started before the file's tests and closed after. Read `suite.t` and `suite.browser` inside tests.
 */
export function browserSuite(opts: TestServerOptions = {}): { t: TestServer; browser: Browser } {
  const suite = {} as { t: TestServer; browser: Browser };
  beforeAll(async () => {
    if (!existsSync(path.resolve(__dirname, '../../client/dist/index.html'))) {
      throw new Error('client/dist is missing: run `npm run build -w client` before browser tests');
    }
    suite.t = await startTestServer(opts);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.t?.close();
  });
  return suite;
}
