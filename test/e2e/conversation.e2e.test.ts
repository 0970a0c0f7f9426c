/**
 * The conversation, as agent and customer see it (issue 13, points 1, 2 and 8), in English and
 * Chinese: the agent reads the customer's whole multi-line description with its files; a canned
 * reply arrives with a real due date in the customer's language and zone, and one with a
 * placeholder left is highlighted and refused; the customer's tracking page shows what they wrote,
 * when to expect an answer, and updates live when the agent replies or changes the status.
 * Screenshots: test/artifacts/conversation-*.png.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import type { ComplaintSlaView } from '@redress/shared';
import { complaintBody, createTeam, createUser, login, type StaffClient } from '../support/factories';
import { until } from '../support/sockets';
import { artifactsDir, browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

/** A 1×1 PNG: real image bytes. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const cases = {
  en: {
    zone: 'America/New_York',
    description: [
      'I ordered a sofa (order ORD-5521) for delivery on 20 November.',
      '',
      'Timeline:',
      '- 20 Nov: nobody came, no call.',
      '- 22 Nov: the carrier said it was "lost".',
      '- 25 Nov: your chat closed my case <b>without an answer</b>.',
      '',
      'I took two days off work for this. '.repeat(40).trim(),
      '',
      'I want a refund and compensation for the days off.',
    ].join('\n'),
    question: 'whether the parcel number on your receipt ends in 77',
    reply: 'We are sorry: a courier brings the sofa tomorrow, and we refund the delivery fee.',
    waitingWords: 'Waiting for your reply',
  },
  zh: {
    zone: 'Asia/Shanghai',
    description: [
      '我在11月20日订购了一张沙发（订单 ORD-5522）。',
      '',
      '经过：',
      '- 11月20日：没有人送货，也没有电话。',
      '- 11月22日：承运商说货物“丢失”。',
      '- 11月25日：客服聊天在<b>没有答复</b>的情况下关闭了我的问题。',
      '',
      '为此我请了两天假。'.repeat(60),
      '',
      '我要求退款并补偿请假的损失。',
    ].join('\n'),
    question: '您收据上的包裹号码是否以77结尾',
    reply: '非常抱歉：快递员明天送达沙发，并退还运费。',
    waitingWords: '等待您的回复',
  },
} as const;

type Lang = keyof typeof cases;

/** The hour and minute a due time shows in a zone (what any rendering of it must contain). */
function hhmm(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(iso));
}

async function fileComplaint(lang: Lang) {
  const c = cases[lang];
  const res = await request(suite.t.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'delivery_delay', description: c.description, language: lang, timeZone: c.zone, orderRef: `ORD-55${lang}` }));
  expect(res.status).toBe(201);
  const token = String(res.body.trackingUrl).split('#t=')[1]!;
  const up = await request(suite.t.url)
    .post(`/api/portal/complaints/${res.body.reference}/attachments`)
    .set('X-Tracking-Token', token)
    .attach('files', png, { filename: `receipt-${lang}.png`, contentType: 'image/png' });
  expect(up.status).toBe(201);
  return { id: res.body.id as string, reference: res.body.reference as string, token };
}

async function slaOf(staff: StaffClient, id: string): Promise<ComplaintSlaView> {
  return (await staff.get(`/api/complaints/${id}/sla`)).body.sla;
}

async function openInConsole(lang: Lang, email: string, id: string): Promise<Page> {
  const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language: lang, viewport: { width: 1440, height: 1100 } })).newPage();
  await loginThroughUi(page, email, PASSWORD);
  await page.goto(`/console?c=${id}`);
  await page.getByTestId('complaint-view').waitFor();
  return page;
}

describe('the conversation, agent and customer (suite.browser)', () => {
  // One team for the file, so routing has one place to send the complaints.
  let agent: { email: string };
  let staff: StaffClient;
  beforeAll(async () => {
    const team = await createTeam({ categories: ['delivery_delay'] });
    agent = await createUser('agent', { teamIds: [team._id], name: 'Li Wei' });
    staff = await login(suite.t.url, agent.email);
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`[${lang}] agent reads the whole description with its files; canned replies carry the due date and refuse a leftover placeholder`, async () => {
      const c = cases[lang];
      const filed = await fileComplaint(lang);
      const page = await openInConsole(lang, agent.email, filed.id);

      // Point 1: the full description, line breaks kept, markup shown as text; the customer's file.
      const desc = page.getByTestId('complaint-description');
      await desc.waitFor();
      expect(await desc.innerText()).toBe(c.description);
      expect(await desc.locator('b').count()).toBe(0);
      await page.locator('[data-testid="complaint-attachment"]', { hasText: `receipt-${lang}.png` }).waitFor();
      expect(await page.getByTestId('view-time-zone').innerText()).toBe(c.zone);
      await screenshot(page, `conversation-description-${lang}`);

      // Point 2: the apology-first reply is filled with the customer's name and a real due date.
      const sla = await slaOf(staff, filed.id);
      const due = sla.resolution.dueAt!;
      await page.getByTestId('canned-reply').click();
      await page.locator('.ant-select-item-option').first().click();
      const draft = await page.getByTestId('composer-input').inputValue();
      expect(draft).not.toMatch(/\[\w+(\.\w+)?\]|\{\{/);
      expect(draft).toContain('Test Customer');
      expect(draft).toContain(hhmm(due, c.zone));
      expect(draft).toContain(lang === 'zh' ? 'GMT+8' : 'GMT-5');
      expect(await page.getByTestId('placeholders-left').count()).toBe(0);
      expect(await page.getByTestId('composer-send').isEnabled()).toBe(true);

      // The question reply leaves [question] for the agent: highlighted, and sending is refused.
      await page.getByTestId('canned-reply').click();
      await page.locator('.ant-select-item-option').nth(1).click();
      await page.locator('[data-testid="placeholder-mark"][data-name="question"]').waitFor();
      // Everything the complaint knows is filled (the order too): only the question is the agent's.
      expect(await page.getByTestId('placeholder-mark').count()).toBe(1);
      expect(await page.getByTestId('composer-input').inputValue()).toContain(`ORD-55${lang}`);
      expect(await page.getByTestId('composer-send').isEnabled()).toBe(false);
      await page.getByTestId('composer-input').focus();
      await page.keyboard.press('Control+Enter');
      await page.locator('.ant-message-error', { hasText: '[question]' }).waitFor();
      await page.getByTestId('composer').screenshot({ path: `${artifactsDir}/conversation-placeholder-${lang}.png` });

      // Clicking the mark selects the placeholder in the editor; typing fills it.
      await page.locator('[data-testid="placeholder-mark"][data-name="question"]').click();
      await page.keyboard.type(c.question);
      await page.getByTestId('placeholders-left').waitFor({ state: 'detached' });
      await page.getByTestId('composer-send').click();
      await page.locator('[data-testid="timeline-item"][data-type="message"]', { hasText: c.question }).waitFor();
      const sent = (await staff.get(`/api/complaints/${filed.id}/timeline`)).body.items.find((e: { type: string }) => e.type === 'message');
      expect(sent.body).toContain(hhmm(due, c.zone));
      expect(sent.body).not.toMatch(/\[(dueDate|question)\]/);
      await page.context().close();
    });

    it(`[${lang}] the tracking page shows what the customer wrote and the due promise, and updates live when the agent replies`, async () => {
      const c = cases[lang];
      const filed = await fileComplaint(lang);
      const first = (await until('clocks started', async () => (await slaOf(staff, filed.id))?.firstResponse.dueAt))!;

      const page = await (
        await newContext(suite.browser, { baseURL: suite.t.url, language: lang, viewport: { width: 420, height: 1000 }, timezoneId: c.zone })
      ).newPage();
      await page.goto(`/track/${filed.reference}#t=${filed.token}`);
      await page.getByTestId('tracking-page').waitFor();
      expect(await page.getByTestId('tracking-description').innerText()).toBe(c.description);
      const promise = page.getByTestId('tracking-promise');
      expect(await promise.getAttribute('data-kind')).toBe('first_response');
      expect(await promise.innerText()).toContain(hhmm(first, c.zone));
      await page.getByTestId('tracking-live').waitFor();
      await screenshot(page, `conversation-tracking-promise-${lang}`);
      // A marker in the page: still there afterwards means nothing reloaded it.
      await page.evaluate('window.__sameDocument = true');

      // The agent replies: the message and the next promise (resolution) appear without a reload.
      await staff.post(`/api/complaints/${filed.id}/messages`, { body: c.reply, visibility: 'public' });
      await staff.post(`/api/complaints/${filed.id}/messages`, { body: 'INTERNAL: check carrier claim 991', visibility: 'internal' });
      await page.locator('[data-testid="public-event"]', { hasText: c.reply }).waitFor();
      await page.locator('[data-testid="tracking-promise"][data-kind="resolution"]').waitFor();
      const resolution = (await slaOf(staff, filed.id)).resolution.dueAt!;
      expect(await page.getByTestId('tracking-promise').innerText()).toContain(hhmm(resolution, c.zone));
      await screenshot(page, `conversation-tracking-live-${lang}`);

      // A status change arrives in the customer's words, and the promise pauses while we wait on them.
      await staff.post(`/api/complaints/${filed.id}/status`, { status: 'waiting_on_customer' });
      await page.locator('[data-testid="status-live"]', { hasText: c.waitingWords }).waitFor();
      await page.locator('[data-testid="tracking-promise"][data-kind="paused"]').waitFor();
      expect(await page.getByTestId('status-steps').getAttribute('data-stage')).toBe('waitingForYou');
      expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
      expect(await page.locator('body', { hasText: 'carrier claim 991' }).count()).toBe(0);
      await screenshot(page, `conversation-tracking-waiting-${lang}`);
      await page.context().close();
    });
  }
});
