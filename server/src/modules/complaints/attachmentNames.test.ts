import request from 'supertest';
import type { Response } from 'superagent';
import { startTestServer, type TestServer } from '../../../../test/support/harness';
import { complaintBody, createUser, login, type StaffClient } from '../../../../test/support/factories';
import { sanitiseFilename } from './attachments';

/**
 * Polyglots: bytes that open as a PNG or PDF but carry markup or a program, under a name a browser
 * or desktop would run. They are stored and served under a name from their detected type, as
 * downloads a browser will not sniff, render inline or let run script.
 */
let t: TestServer;
let staff: StaffClient;
beforeAll(async () => {
  t = await startTestServer();
  staff = await login(t.url, (await createUser('admin')).email);
});
afterAll(async () => {
  await t.close();
});

/** A 1×1 PNG followed by an HTML application: a PNG to a sniffer, a program to mshta. */
const pngPolyglot = Buffer.concat([
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
  Buffer.from('<html><hta:application/><script>new ActiveXObject("WScript.Shell").Run("calc")</script></html>'),
]);
/** A PDF header followed by HTML. */
const pdfPolyglot = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n');

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function fileComplaint() {
  const res = await request(t.url).post('/api/complaints').send(complaintBody());
  expect(res.status).toBe(201);
  return { id: res.body.id as string, reference: res.body.reference as string, token: String(res.body.trackingUrl).split('#t=')[1]! };
}

const cases = [
  { name: 'invoice.hta', kind: 'PNG', bytes: pngPolyglot, declared: 'application/hta', type: 'image/png', expected: 'invoice.png' },
  { name: 'receipt.html', kind: 'PNG', bytes: pngPolyglot, declared: 'text/html', type: 'image/png', expected: 'receipt.png' },
  { name: 'photo.svg', kind: 'PNG', bytes: pngPolyglot, declared: 'image/svg+xml', type: 'image/png', expected: 'photo.png' },
  { name: 'doc.exe', kind: 'PNG', bytes: pngPolyglot, declared: 'application/octet-stream', type: 'image/png', expected: 'doc.png' },
  { name: 'receipt.html', kind: 'PDF', bytes: pdfPolyglot, declared: 'text/html', type: 'application/pdf', expected: 'receipt.pdf' },
  { name: 'invoice.pdf.hta', kind: 'PDF', bytes: pdfPolyglot, declared: 'application/hta', type: 'application/pdf', expected: 'invoice_pdf.pdf' },
];

describe('a customer upload through the tracking page', () => {
  it.each(cases)('$name ($kind bytes) is stored and served as $expected', async ({ name, bytes, declared, type, expected }) => {
    const c = await fileComplaint();
    const up = await request(t.url)
      .post(`/api/portal/complaints/${c.reference}/attachments`)
      .set('X-Tracking-Token', c.token)
      .attach('files', bytes, { filename: name, contentType: declared });
    expect(up.status).toBe(201);
    const [att] = up.body.event.attachments;
    expect(att).toMatchObject({ filename: expected, contentType: type, size: bytes.length });

    // As stored: the timeline, staff side and customer side, lists the safe name.
    const detail = await staff.get(`/api/complaints/${c.id}/timeline`);
    expect(JSON.stringify(detail.body)).toContain(`"filename":"${expected}"`);
    expect(JSON.stringify(detail.body)).not.toContain(name);

    for (const down of [
      await request(t.url).get(`/api/portal/complaints/${c.reference}/attachments/${att.id}`).set('X-Tracking-Token', c.token).buffer(true).parse(binary),
      await staff.agent.get(`/api/complaints/${c.id}/attachments/${att.id}`).buffer(true).parse(binary),
    ]) {
      expect(down.status).toBe(200);
      expect(down.headers['content-type']).toBe(type);
      expect(down.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${expected.replace('.', '\\.')}"?$`));
      expect(down.headers['x-content-type-options']).toBe('nosniff');
      expect(down.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(Buffer.compare(down.body as Buffer, bytes)).toBe(0);
    }
  });
});

it('a staff upload gets the same treatment', async () => {
  const c = await fileComplaint();
  const up = await staff.agent.post(`/api/complaints/${c.id}/attachments`).set('x-csrf-token', staff.csrf).attach('files', pngPolyglot, 'invoice.hta');
  expect(up.status).toBe(201);
  expect(up.body.event.attachments[0]).toMatchObject({ filename: 'invoice.png', contentType: 'image/png' });
});

it('refuses types that are not allowed, whatever their name', async () => {
  const c = await fileComplaint();
  for (const [name, bytes] of [
    ['photo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['receipt.png', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['doc.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)])],
  ] as const) {
    const res = await request(t.url).post(`/api/portal/complaints/${c.reference}/attachments`).set('X-Tracking-Token', c.token).attach('files', bytes, name);
    expect(res.status).toBe(415);
    expect(res.body.error.id).toBe('unsupported_media_type');
    expect(res.body.error.fields[0].path).toBe('files[0]');
  }
});

describe('sanitiseFilename', () => {
  it.each([
    ['invoice.hta', 'image/png', 'invoice.png'],
    ['photo.JPEG', 'image/jpeg', 'photo.jpeg'],
    ['scan.jpg', 'image/jpeg', 'scan.jpg'],
    ['../../etc/My "photo".png', 'image/png', 'My _photo_.png'],
    ['a.b.c.html', 'application/pdf', 'a_b_c.pdf'],
    ['.htaccess', 'image/gif', 'htaccess.gif'],
    ['', 'image/webp', 'attachment.webp'],
    ['照片.svg', 'image/png', '照片.png'],
    ['report.pdf', 'application/octet-stream', 'report.bin'],
  ])('%s as %s is %s', (name, type, expected) => {
    expect(sanitiseFilename(name, type)).toBe(expected);
    // Naming again changes nothing (downloads and presenters name stored files again).
    expect(sanitiseFilename(expected, type)).toBe(expected);
  });
});
