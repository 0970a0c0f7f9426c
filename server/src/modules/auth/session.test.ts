import express from 'express';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { testMongoUri, uniqueDbName } from '../../../../test/support/harness';
import { createSessionMiddleware } from './session';

describe('session store', () => {
  const dbName = uniqueDbName();
  const sessions = createSessionMiddleware({ secret: 'session-test-secret-0123456789', ttlHours: 1, secureCookies: false, mongoUri: testMongoUri(), dbName });
  const raw = new MongoClient(testMongoUri());
  const errors: unknown[] = [];
  const app = express();
  app.use(sessions.middleware);
  app.post('/in', (req, res) => {
    req.session.userId = 'u1';
    res.json({ ok: true });
  });
  app.get('/me', (req, res) => void res.json({ userId: req.session.userId ?? null }));
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    errors.push(err);
    if (res.headersSent) return next(err);
    res.status(500).json({ error: String(err) });
  });

  afterAll(async () => {
    await raw.db(dbName).dropDatabase();
    await raw.close();
    await sessions.close();
  });

  it('sweeps only expired sessions, with an acknowledged delete, and live sessions keep working after it', async () => {
    const agent = request.agent(app);
    await agent.post('/in').expect(200);
    const col = raw.db(dbName).collection<{ _id: string; expires: Date; session: object }>('sessions');
    await col.insertMany([
      { _id: 'expired-1', expires: new Date(Date.now() - 60_000), session: {} },
      { _id: 'expired-2', expires: new Date(Date.now() - 1), session: {} },
    ]);

    expect(await sessions.sweep()).toBe(2);
    expect(await col.countDocuments({})).toBe(1);

    // Reads (get) and the rolling touch after each response go on the same store connection.
    for (let i = 0; i < 3; i++) expect((await agent.get('/me').expect(200)).body).toEqual({ userId: 'u1' });
    await new Promise((r) => setTimeout(r, 100)); // the touch completes after the response
    expect(errors).toEqual([]);
    expect(await sessions.sweep()).toBe(0);
  });
});
