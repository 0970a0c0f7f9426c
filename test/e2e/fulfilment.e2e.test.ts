/**
 * The customer's tracking page tells the true state of a refund another system carries out, in
 * English and Chinese: after it is issued, "we have asked our payments team"; after the shop
 * reports it done through POST /api/remedies/:id/fulfilment, "Refunded".
 * Screenshots: test/artifacts/fulfilment-tracking-*.png.
 */
import request from 'supertest';
import { complaintBody, createTeam, createUser, login } from '../support/factories';
import { browserSuite, newContext, screenshot } from '../support/browser';

const KEY = 'shop-key-0123456789abcdef';
const suite = browserSuite({ env: { SHOP_API_KEY: KEY } });

const texts = {
  en: { asked: 'We have asked our payments team to make this refund', done: 'Refunded' },
  zh: { asked: '我们已请支付团队为您办理退款', done: '已退款' },
} as const;

let team: Awaited<ReturnType<typeof createTeam>> | undefined;

describe('tracking page: a refund carried out by the shop (suite.browser)', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`shows "asked" after issue and "refunded" after the shop reports it (${language})`, async () => {
      const { t, browser } = suite;
      // One catch-all team for the file: every complaint of this server is routed to it.
      team ??= await createTeam();
      const agentUser = await createUser('agent', { teamIds: [team._id], remedyLimits: { perRemedy: 500, perDay: 5000 } });
      const agent = await login(t.url, agentUser.email);
      const filed = await request(t.url)
        .post('/api/complaints')
        .send(complaintBody({ category: 'billing_overcharge', amount: 89.9, currency: 'EUR', language }));
      expect(filed.status).toBe(201);
      await t.settle();
      const proposed = await agent.post(`/api/complaints/${filed.body.id}/remedies`, { type: 'refund', amount: 89.9, currency: 'EUR' });
      expect(proposed.status).toBe(201);
      if (!proposed.body.autoApproved) {
        // Above what the agent may give on their own today: a supervisor approves it.
        const sup = await login(t.url, (await createUser('supervisor', { teamIds: [team._id] })).email);
        expect((await sup.post(`/api/remedies/${proposed.body.remedy.id}/approve`, {})).status).toBe(200);
      }
      expect((await agent.post(`/api/remedies/${proposed.body.remedy.id}/issue`)).status).toBe(200);

      const page = await (await newContext(browser, { baseURL: t.url, language })).newPage();
      await page.goto(String(filed.body.trackingUrl).replace(t.url, ''));
      const remedies = page.getByTestId('portal-remedies');
      await remedies.getByTestId('portal-fulfilment-pending').getByText(texts[language].asked).waitFor();
      await screenshot(page, `fulfilment-tracking-asked-${language}`);

      const done = await request(t.url)
        .post(`/api/remedies/${proposed.body.remedy.id}/fulfilment`)
        .set('X-Api-Key', KEY)
        .send({ status: 'fulfilled', reference: 'RF-1' });
      expect(done.status).toBe(200);
      await page.reload();
      await remedies.getByTestId('portal-fulfilment-fulfilled').getByText(texts[language].done).waitFor();
      expect(await remedies.getByTestId('portal-fulfilment-pending').count()).toBe(0);
      await screenshot(page, `fulfilment-tracking-done-${language}`);
      await page.close();
    });
  }
});
