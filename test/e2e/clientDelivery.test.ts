/**
 * How the server hands out the built client: the .br or .gz written at build time when the
 * browser accepts it (with the right Content-Encoding, Content-Type and Vary), hashed assets cached
 * for a year as immutable, index.html revalidated on every visit, a missing asset a 404.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { startTestServer, type TestServer } from '../support/harness';

const dist = path.resolve(__dirname, '../../client/dist');

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that keeps the body as sent (no client-side decompression). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

let t: TestServer;
let entryScript: string;

beforeAll(async () => {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('client/dist is missing: run `npm run build -w client` first');
  entryScript = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(path.join(dist, 'index.html'), 'utf8'))![1]!;
  t = await startTestServer();
});
afterAll(() => t?.close());

it('serves the brotli file written at build time to a browser that accepts br', async () => {
  const res = await rawGet(t.url + entryScript, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
  expect(res.status).toBe(200);
  expect(res.headers['content-encoding']).toBe('br');
  expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
  expect(res.headers.vary).toMatch(/Accept-Encoding/i);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(res.body.equals(readFileSync(path.join(dist, `${entryScript}.br`)))).toBe(true);
  expect(zlib.brotliDecompressSync(res.body).equals(readFileSync(path.join(dist, entryScript)))).toBe(true);
});

it('serves gzip to a browser that accepts only gzip, and the plain file to one that accepts neither', async () => {
  const gz = await rawGet(t.url + entryScript, { 'Accept-Encoding': 'gzip' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
  expect(zlib.gunzipSync(gz.body).equals(readFileSync(path.join(dist, entryScript)))).toBe(true);

  const plain = await rawGet(t.url + entryScript, { 'Accept-Encoding': 'identity' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.headers['content-type']).toMatch(/javascript/);
  expect(plain.body.equals(readFileSync(path.join(dist, entryScript)))).toBe(true);
  expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
});

it('has index.html revalidated on every visit, on / and on a deep link', async () => {
  for (const p of ['/', '/track/RD-2026-000001', '/console', '/index.html']) {
    const res = await rawGet(t.url + p, { 'Accept-Encoding': 'gzip, br' });
    expect({ p, status: res.status }).toEqual({ p, status: 200 });
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
  }
});

it('answers a missing asset with 404, not with the app page', async () => {
  const res = await rawGet(`${t.url}/assets/index-gone1234.js`);
  expect(res.status).toBe(404);
  expect(res.headers['content-type'] ?? '').not.toMatch(/text\/html/);
});
