import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { createUser, login, type StaffClient } from '../../../../test/support/factories';
import { isPrivateAddress, resolveTarget } from './addressGuard';
import { WebhookAttempt, WebhookDelivery } from './webhook.models';
import { deliverDueWebhooks } from './webhookDeliverer';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:a9fe:a9fe', true],
    ['::ffff:808:808', false],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['172.32.0.1', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false],
  ])('%s -> %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('refuses a host name that resolves to a private address, and non-http schemes', async () => {
    await expect(resolveTarget('http://localhost:8080/x', false)).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1)/);
    await expect(resolveTarget('http://[::ffff:127.0.0.1]/x', false)).rejects.toThrow(/private address/);
    await expect(resolveTarget('ftp://8.8.8.8/x', false)).rejects.toThrow(/only http and https/);
    await expect(resolveTarget('http://localhost:8080/x', true)).resolves.toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
  });
});

describe('acceptance 3: endpoints on private addresses', () => {
  let t: TestServer;
  let admin: StaffClient;
  let receiver: http.Server;
  let hits = 0;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await login(t.url, (await createUser('admin')).email);
    receiver = http.createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    await t.close();
  });

  const refused = [
    'http://127.0.0.1:9/hook',
    'http://10.0.0.5/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]:9/hook',
    'http://localhost:9/hook',
  ];

  it('are refused with 400 on url unless the setting allows them', async () => {
    expect((await admin.get('/api/admin/webhooks/settings')).body.settings).toEqual({ allowPrivateAddresses: false });
    for (const url of refused) {
      const res = await admin.post('/api/admin/webhooks', { url, events: ['complaint.filed'] });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0]).toMatchObject({ path: 'url', message: expect.stringMatching(/loopback, link-local or private/) });
    }
    const ftp = await admin.post('/api/admin/webhooks', { url: 'ftp://example.com/x', events: ['complaint.filed'] });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.fields[0].path).toBe('url');
    // A public address is fine (nothing is sent when an endpoint is saved).
    const pub = await admin.post('/api/admin/webhooks', { url: 'https://93.184.216.34/hook', events: ['complaint.filed'] });
    expect(pub.status).toBe(201);
    await admin.delete(`/api/admin/webhooks/${pub.body.endpoint.id}`);
    expect((await admin.get('/api/admin/webhooks')).body.items).toEqual([]);

    expect((await admin.put('/api/admin/webhooks/settings', { allowPrivateAddresses: true })).status).toBe(200);
    for (const url of refused) {
      const res = await admin.post('/api/admin/webhooks', { url, events: ['complaint.filed'] });
      expect(res.status).toBe(201);
      await admin.delete(`/api/admin/webhooks/${res.body.endpoint.id}`);
    }
  });

  it('are refused at sending time too once the setting is off again (nothing reaches the address)', async () => {
    await admin.put('/api/admin/webhooks/settings', { allowPrivateAddresses: true });
    const port = (receiver.address() as AddressInfo).port;
    const ep = await admin.post('/api/admin/webhooks', { url: `http://localhost:${port}/hook`, events: ['complaint.filed'] });
    expect(ep.status).toBe(201);
    await admin.put('/api/admin/webhooks/settings', { allowPrivateAddresses: false });
    const test = await admin.post(`/api/admin/webhooks/${ep.body.endpoint.id}/test`);
    expect(test.status).toBe(202);
    await deliverDueWebhooks();
    expect(hits).toBe(0);
    const attempt = await WebhookAttempt.findOne({ deliveryId: test.body.deliveryId }).lean();
    expect(attempt).toMatchObject({ statusCode: null, error: expect.stringMatching(/^refused: localhost resolves to/) });
    // Allowed again: the same delivery goes through on redelivery.
    await admin.put('/api/admin/webhooks/settings', { allowPrivateAddresses: true });
    expect((await admin.post(`/api/admin/webhooks/deliveries/${test.body.deliveryId}/redeliver`)).status).toBe(202);
    await deliverDueWebhooks();
    expect(hits).toBe(1);
    expect((await WebhookDelivery.findById(test.body.deliveryId).lean())!.status).toBe('delivered');
  });
});
