import request from 'supertest';
import { socketRooms } from '@redress/shared';
import { complaintBody, createTeam, createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

/** The password factories give every user. */
const PASSWORD = 'test-password-1';

const suite = browserSuite();

describe('staff console (suite.browser)', () => {
  it('signs in through the UI and shows a newly filed complaint live, without a reload', async () => {
    const team = await createTeam({ categories: ['delivery_delay'] });
    const agent = await createUser('agent', { teamIds: [team._id], name: 'Ada Agent' });
    const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
    const page = await ctx.newPage();

    await loginThroughUi(page, agent.email, PASSWORD);
    await page.goto('/console');
    await page.getByTestId('console-page').waitFor();
    await page.getByTestId('tab-team').click();
    await page.getByTestId('complaint-list-team').waitFor();
    await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor();
    // A marker on window survives only if the page is never reloaded.
    await page.evaluate('window.__noReload = true');

    const res = await request(suite.t.url)
      .post('/api/complaints')
      .set('Idempotency-Key', `e2e-${Date.now()}`)
      .send(
        complaintBody({
          customer: { name: 'Rita Live', email: 'rita.live@example.com' },
          description: 'Parcel is three weeks late; tracking shows nothing at all.',
        }),
      );
    expect(res.status).toBe(201);
    const reference = res.body.reference as string;

    const row = page.locator(`[data-testid="complaint-list-team"] [data-testid="complaint-row"][data-reference="${reference}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-fresh')).toBe('true');
    expect(await row.getByTestId('row-customer').textContent()).toBe('Rita Live');
    expect(await page.evaluate('window.__noReload')).toBe(true);
    await screenshot(page, 'console-live', false);

    // Opening it shows the complaint with the customer panel, and clears the highlight.
    await row.click();
    await page.locator(`[data-testid="complaint-view"][data-reference="${reference}"]`).waitFor();
    await page.getByTestId('customer-panel').waitFor();
    expect(await row.getAttribute('data-fresh')).toBe('false');

    // Presence and notifications pushed to the agent render as a collision banner and a toast.
    await page.waitForTimeout(300);
    const realtime = suite.t.server.services.realtime;
    realtime.toRooms([socketRooms.user(agent.id)]).emit('complaint:viewers', {
      complaintId: res.body.id,
      viewers: [{ userId: 'someone-else', name: 'Li Wei', mode: 'replying' }],
    });
    await page.getByTestId('viewers-banner').filter({ hasText: 'Li Wei is replying' }).waitFor();
    realtime
      .toRooms([socketRooms.user(agent.id)])
      .emit('notification', { kind: 'assigned', text: 'A complaint was assigned to you', reference, complaintId: res.body.id, at: new Date().toISOString() });
    await page.locator('.ant-notification-notice', { hasText: 'A complaint was assigned to you' }).waitFor();
    await screenshot(page, 'console-presence', false);
    await ctx.close();
  });

  it('re-fetches the lists after a reconnect, so complaints filed meanwhile are not missed', async () => {
    // A category of its own: complaints route to the first team listing their category.
    const team = await createTeam({ categories: ['billing_overcharge'] });
    const agent = await createUser('agent', { teamIds: [team._id] });
    const ctx = await newContext(suite.browser, { baseURL: suite.t.url, language: 'en' });
    const page = await ctx.newPage();
    await loginThroughUi(page, agent.email, PASSWORD);
    await page.goto('/console');
    await page.getByTestId('tab-team').click();
    await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor();

    // The server drops every socket; the complaint is filed before the client is back (~1 s).
    suite.t.server.services.realtime.io.disconnectSockets(true);
    await page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor();
    const res = await request(suite.t.url)
      .post('/api/complaints')
      .send(complaintBody({ category: 'billing_overcharge' }));
    expect(res.status).toBe(201);
    await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor();

    const row = page.locator(`[data-testid="complaint-list-team"] [data-testid="complaint-row"][data-reference="${res.body.reference}"]`);
    await row.waitFor({ timeout: 10_000 });
    // Not highlighted: it came from the re-fetch, not from a push (which was lost).
    expect(await row.getAttribute('data-fresh')).toBe('false');
    await ctx.close();
  });
});
