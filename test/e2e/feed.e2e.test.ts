/**
 * The admin's change-feed page against a real server: a subscriber that keeps failing parks a
 * complaint as a dead letter; the admin sees it (English and Chinese), and once the fault is gone
 * replays it from the page and the list empties. Screenshots: test/artifacts/feed-*.png.
 */
import request from 'supertest';
import { slaProcessor } from '../../server/src/modules/sla/slaListeners';
import { FeedState } from '../../server/src/modules/complaints/feed/complaintChange.model';
import { Complaint } from '../../server/src/modules/complaints/complaint.model';
import { complaintBody, createTeam, createUser } from '../support/factories';
import { until } from '../support/sockets';
import { browserSuite, loginThroughUi, newContext, screenshot } from '../support/browser';

const PASSWORD = 'test-password-1';
const suite = browserSuite({ env: { FEED_RETRY_BASE_MS: '20' } });

describe('admin: change feed (suite.browser)', () => {
  const original = slaProcessor.handle;
  afterAll(() => {
    slaProcessor.handle = original;
  });

  it('shows a dead letter in both languages and replays it', async () => {
    let broken = true;
    slaProcessor.handle = async (...args) => {
      if (broken) throw new Error('SLA calendar store unreachable');
      return original(...args);
    };
    const team = await createTeam({ categories: ['delivery_delay'] });
    await createUser('agent', { teamIds: [team._id], availability: 'online' });
    const admin = await createUser('admin', { name: 'Ada Admin' });
    const filed = await request(suite.t.url)
      .post('/api/complaints')
      .send(complaintBody({ category: 'delivery_delay' }));
    const id = filed.body.id as string;
    const reference = filed.body.reference as string;
    await until('dead letter', async () => ((await FeedState.findById(id).lean())?.dead ?? []).includes('sla') || null, 30_000);

    for (const language of ['zh', 'en'] as const) {
      const page = await (await newContext(suite.browser, { baseURL: suite.t.url, language })).newPage();
      await loginThroughUi(page, admin.email, PASSWORD);
      await page.goto('/admin?tab=feed');
      const dead = page.getByTestId('feed-dead-letters');
      await dead.getByText(reference).waitFor();
      await dead.getByText('SLA calendar store unreachable').waitFor();
      await page.getByTestId('feed-subscribers').getByText('routing').waitFor();
      await screenshot(page, `feed-dead-letter-${language}`);
      if (language === 'zh') {
        await page.getByText('变更流').first().waitFor();
        await page.getByText('死信：订阅者放弃处理的投诉').waitFor();
        await page.close();
        continue;
      }
      broken = false;
      await dead.getByTestId('feed-replay').click();
      await page.getByText('No dead letters: every subscriber is keeping up.').waitFor();
      await until('SLA after replay', async () => (await Complaint.findById(id).lean())?.sla, 10_000);
      await screenshot(page, 'feed-replayed-en');
    }
  });
});
