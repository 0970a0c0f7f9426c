import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: string; apiVersion: string; data: Record<string, unknown> };
}

/**
 * A real HTTP webhook receiver on a free loopback port. `mode`: 'ok' answers 200, 'fail' answers
 * 500; `down()` closes the listener (connection refused) and `up()` opens it again on the same port.
 */
export class WebhookReceiver {
  received: ReceivedWebhook[] = [];
  mode: 'ok' | 'fail' = 'ok';
  port = 0;
  private server: http.Server | null = null;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async up(): Promise<void> {
    const server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        if (this.mode === 'fail') {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver is broken');
          return;
        }
        this.received.push({ headers: req.headers, body, json: JSON.parse(body) as ReceivedWebhook['json'] });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Events about one complaint (by data.complaint.id, data.remedy.complaintId or data.voucher.complaintId), in arrival order. */
  forComplaint(id: string): ReceivedWebhook[] {
    return this.received.filter((r) => {
      const d = r.json.data as { complaint?: { id: string }; remedy?: { complaintId: string }; voucher?: { complaintId: string } };
      return d.complaint?.id === id || d.remedy?.complaintId === id || d.voucher?.complaintId === id;
    });
  }
}
