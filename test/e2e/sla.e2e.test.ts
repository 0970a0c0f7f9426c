/**
 * The console shows each complaint's SLA clock live: a countdown in the list row that ticks every
 * second, and the at-risk / breached / paused states as the sweep raises them, pushed over the
 * socket. Server time is a FakeClock; the browser's clock is moved to the same instant, so the
 * countdowns shown are the real ones. Screenshot: test/artifacts/sla-console.png.
 */
import { existsSync } from 'node:fs';
import request from 'supertest';
import type { Locator, Page } from 'playwright-core';
import { sweepSlaTimers } from '../../server/src/modules/sla/jobs/slaSweep';
import { FakeClock } from '../support/harness';
import { complaintBody, createTeam, createUser, login } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const MIN = 60_000;
const t0 = new Date(Math.floor(Date.now() / MIN) * MIN);
const clock = new FakeClock(t0);
const suite = browserSuite({ clock });

/** Move server and suite.browser time together, then let the sweep raise what came due. */
async function advanceTo(page: Page, minutes: number): Promise<void> {
  clock.set(new Date(t0.getTime() + minutes * MIN));
  await page.clock.setSystemTime(clock.now());
  await sweepSlaTimers();
  await suite.t.settle();
}

const badge = (page: Page, reference: string) => page.locator(`[data-testid="complaint-row"][data-reference="${reference}"] [data-testid="sla-badge"]`);

it('shows live countdowns and the at-risk, breached and paused states in the console', async () => {
  const team = await createTeam({ categories: ['delivery_delay'] });
  const supervisor = await createUser('supervisor', { teamIds: [team._id], name: 'Sam Supervisor' });
  const admin = await login(suite.t.url, (await createUser('admin')).email, PASSWORD);
  const cal = await admin.post('/api/sla/calendars', { name: 'Around the clock', calendar: { timeZone: 'UTC', alwaysOpen: true, weekly: [], holidays: [] } });
  const policy = await admin.post('/api/sla/policies', {
    name: 'E2E quick',
    order: 0,
    calendarId: cal.body.calendar.id,
    targets: { firstResponseMinutes: 10, resolutionMinutes: 60 },
    warnAtPercent: 50,
  });
  expect(policy.status).toBe(201);
  const sup = await login(suite.t.url, supervisor.email, PASSWORD);
  const file = async (subject: string) => {
    const res = await request(suite.t.url)
      .post('/api/complaints')
      .send(complaintBody({ description: `${subject}: the parcel is two weeks late and nobody answers the phone.` }));
    expect(res.status).toBe(201);
    return res.body as { id: string; reference: string };
  };

  // A at 0 min (first response due at 10), C at 0 min (answered, then waiting on the customer).
  const a = await file('A');
  const c = await file('C');
  expect((await sup.post(`/api/complaints/${c.id}/messages`, { body: 'Could you send a photo of the label?', visibility: 'public' })).status).toBe(201);
  expect((await sup.post(`/api/complaints/${c.id}/status`, { status: 'waiting_on_customer' })).status).toBe(200);

  const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
  const page = await ctx.newPage();
  await page.clock.install({ time: clock.now() });
  await page.clock.resume();
  await loginThroughUi(page, supervisor.email, PASSWORD);
  await page.goto('/console');
  await page.getByTestId('tab-team').click();

  // A ticks down from 10 minutes, green; C is paused.
  await waitForState(badge(page, a.reference), 'ok');
  const first = await badge(page, a.reference).innerText();
  expect(first).toMatch(/^(10m 00s|9m \d\ds) left$/);
  await page.clock.runFor(3_000);
  await page.clock.resume(); // runFor leaves the clock paused: let it run in real time again
  await expectTextChange(page, a.reference, first);
  await waitForState(badge(page, c.reference), 'paused');

  // B filed at 5 min (due 15), D at 10 min (due 20).
  await advanceTo(page, 5);
  const b = await file('B');
  await advanceTo(page, 10);
  const d = await file('D');

  // At 11 min: A is breached (1 min over), B at risk (warned at 10, 4 min left), D on track.
  await advanceTo(page, 11);
  await waitForState(badge(page, a.reference), 'breached');
  await waitForState(badge(page, b.reference), 'at_risk');
  await waitForState(badge(page, d.reference), 'ok');
  await waitForState(badge(page, c.reference), 'paused');
  await waitForText(badge(page, a.reference), /^Breached · 1m 0\ds over$/);
  await waitForText(badge(page, b.reference), /^At risk · (4m 00s|3m 5\ds) left$/);

  // The complaint view shows both clocks.
  await page.locator(`[data-testid="complaint-row"][data-reference="${a.reference}"]`).click();
  await page.getByTestId('sla-panel').waitFor();
  await waitForState(page.getByTestId('sla-clock-firstResponse'), 'breached');
  await waitForState(page.getByTestId('sla-clock-resolution'), 'running');
  expect(await page.getByTestId('sla-policy').innerText()).toContain('E2E quick');

  // Jumping the page clock trips socket.io's heartbeat timers: let it reconnect before the picture.
  await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor();
  const file1 = await screenshot(page, 'sla-console', false);
  expect(existsSync(file1)).toBe(true);
  await ctx.close();
}, 120_000);

/** The countdown text must change on its own as the browser's second ticks. */
async function expectTextChange(page: Page, reference: string, before: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if ((await badge(page, reference).innerText()) !== before) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`countdown stayed at "${before}"`);
}

/** Wait until an element's text matches (countdowns re-render on the next second). */
async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await locator.innerText();
    if (pattern.test(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected text ${pattern}, still "${last}"`);
}

/** Wait until an element shows the given data-state (pushed states arrive over the socket). */
async function waitForState(locator: Locator, state: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = (await locator.count()) > 0 ? await locator.first().getAttribute('data-state') : null;
    if (last === state) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected data-state "${state}", still "${last}"`);
}
