/**
 * Issue 13, point 10: text the server makes (routing reason, queue note, priority change, rule
 * explanations, built-in SLA policy and calendar names) reads in the viewer's language. The same
 * complaint is opened in English and in Chinese; text stored before codes existed (an assignment
 * with only its English reason) still shows as stored. Screenshots:
 * test/artifacts/server-text-{en,zh}.png.
 */
import request from 'supertest';
import { mutateComplaint } from '../../server/src/modules/complaints/feed/complaintWriter';
import { ensureDefaultSlaPolicies } from '../../server/src/modules/sla/slaDefaults';
import { complaintBody, createTeam, createUser } from '../support/factories';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite();

const expected = {
  en: {
    reason: 'Li Wei: specialist in Damaged in transit, least loaded',
    fromQueue: '; from the queue',
    queued: 'No agent with the skills and free capacity is online: waiting in the team queue',
    rule: 'Rule "Replace defective, damaged or wrong goods" (outcome_replace_goods v1) applies: category is Damaged in transit',
    policy: 'Policy: Standard · Weekdays 09:00–17:00 (Europe/London)',
    legacy: 'Picked by hand in the old console',
  },
  zh: {
    reason: 'Li Wei：运输损坏专员',
    fromQueue: '；来自队列',
    queued: '暂无具备相应技能且有空余容量的在线客服：在团队队列中等待',
    rule: '规则“更换有缺陷、损坏或错发的商品”（outcome_replace_goods v1）适用：类别为运输损坏',
    policy: '标准',
    legacy: 'Picked by hand in the old console',
  },
} as const;

it('shows routing reasons, queue notes, rule explanations and built-in policy names in the viewer’s language', async () => {
  await ensureDefaultSlaPolicies();
  const team = await createTeam({ categories: ['damaged_in_transit'] });
  const agent = await createUser('agent', { teamIds: [team._id], name: 'Li Wei', categories: ['damaged_in_transit'], capacity: 10 });

  // Filed while nobody is online: it waits in the queue, then goes to Li Wei when she connects.
  const filed = await request(suite.t.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'damaged_in_transit', orderRef: 'SO-881', amount: 120, currency: 'EUR' }));
  expect(filed.status).toBe(201);
  const { id, reference } = filed.body as { id: string; reference: string };
  // One more, whose assignment is rewritten below as older data: English reason only, no code.
  const legacy = await request(suite.t.url)
    .post('/api/complaints')
    .send(complaintBody({ category: 'damaged_in_transit' }));
  await suite.t.settle();

  // Chinese first: the agent's first sign-in takes both complaints from the queue, with notifications.
  for (const language of ['zh', 'en'] as const) {
    const want = expected[language];
    const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language })).newPage();
    await loginThroughUi(page, agent.email, PASSWORD);
    await page.goto(`/console?c=${id}`);
    const view = page.locator(`[data-testid="complaint-view"][data-reference="${reference}"]`);
    await view.waitFor();
    // Assigned from the queue once the agent connected (first pass); the console reloads on the push.
    const reason = view.getByTestId('assignment-reason');
    await reason.filter({ hasText: want.reason }).waitFor({ timeout: 15_000 });
    expect(await reason.innerText()).toContain(want.fromQueue);
    await view.locator('[data-testid="timeline-item"][data-type="queued"]', { hasText: want.queued }).waitFor();
    const remedy = page.getByTestId('remedy-replacement');
    await remedy.getByTestId('remedy-reason').waitFor();
    await remedy.locator('.ant-typography-expand').click(); // the reason is cut to two lines until expanded
    await remedy.getByTestId('remedy-reason').filter({ hasText: want.rule }).waitFor();
    await page.getByTestId('sla-policy').filter({ hasText: want.policy }).waitFor();
    if (language === 'zh') {
      await page
        .getByTestId('notification-toast')
        .filter({ hasText: `${reference} 已分配给您` })
        .first()
        .waitFor();
      // Nothing server-made is left in English on this screen.
      const text = await page.locator('body').innerText();
      for (const english of ['specialist in', 'least loaded', 'waiting in the team queue', 'applies:', 'Suggests', 'Standard', 'assigned to you'])
        expect(text).not.toContain(english);
    }
    await page.evaluate('window.scrollTo(0, 0)'); // expanding scrolled the page: a full-page shot from the top
    await screenshot(page, `server-text-${language}`);

    // Stored before codes: the English reason is shown as stored, in either language.
    if (language === 'zh') {
      await mutateComplaint(legacy.body.id, (fresh) =>
        fresh.assignment ? { set: { assignment: { ...fresh.assignment, reason: want.legacy, reasonText: null } }, change: { type: 'customer_changed' } } : null,
      );
    }
    await page.goto(`/console?c=${legacy.body.id}`);
    await page.getByTestId('assignment-reason').filter({ hasText: want.legacy }).waitFor();
    await page.close();
  }
});
