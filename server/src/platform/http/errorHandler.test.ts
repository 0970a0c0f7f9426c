import express from 'express';
import request from 'supertest';
import { createLogger } from '../logger';
import { errorHandler } from './errorHandler';

function appWith(route: express.RequestHandler) {
  const logger = createLogger('silent');
  const logged: string[] = [];
  logger.error = ((_obj: unknown, msg: string) => void logged.push(msg)) as typeof logger.error;
  const app = express();
  app.get('/x', route);
  app.use(errorHandler(logger));
  return { app, logged };
}

describe('errorHandler', () => {
  it('answers an unknown error with a 500 body that hides the cause', async () => {
    const { app, logged } = appWith(() => {
      throw new Error('secret detail');
    });
    const res = await request(app).get('/x').expect(500);
    expect(res.body).toEqual({ error: { id: 'internal_error', message: 'Something went wrong on our side' } });
    expect(logged).toEqual(['unhandled error']);
  });

  it('only logs an error raised after the response went out (session touch on finish)', async () => {
    const { app, logged } = appWith((_req, res, next) => {
      res.status(200).json({ ok: true });
      next(new Error('Unable to find the session to touch'));
    });
    const res = await request(app).get('/x').expect(200);
    expect(res.body).toEqual({ ok: true });
    expect(logged).toEqual(['error after the response was sent']);
  });

  it('answers 503 service_unavailable with Retry-After when the database cannot be reached, whichever driver copy threw', async () => {
    for (const err of [
      Object.assign(new Error('Server selection timed out after 1000 ms'), { name: 'MongoServerSelectionError' }),
      Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' }),
      new Error('wrapped', { cause: Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' }) }),
    ]) {
      const { app, logged } = appWith(() => {
        throw err;
      });
      const res = await request(app).get('/x').expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error.id).toBe('service_unavailable');
      expect(logged).toEqual([]);
    }
  });
});
