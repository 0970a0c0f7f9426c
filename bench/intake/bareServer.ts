/**
 * The intake benchmark's baseline: a bare node:http server that stores each POSTed body with one
 * insertOne and answers 201. No validation, no framework: what the database round trip costs.
 * Prints "READY <port>".
 */
import http from 'node:http';
import { MongoClient } from 'mongodb';

async function main(): Promise<void> {
  const client = await new MongoClient(process.env.MONGODB_URI!).connect();
  const col = client.db(process.env.TEST_DB_NAME).collection('bare_complaints');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      col
        .insertOne({ ...JSON.parse(Buffer.concat(chunks).toString()), at: new Date() })
        .then((r) => {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: String(r.insertedId) }));
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  });
  process.on('SIGTERM', () => server.close(() => void client.close().then(() => process.exit(0))));
}

void main();
