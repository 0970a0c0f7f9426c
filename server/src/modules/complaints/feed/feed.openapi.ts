import { feedReplaySchema } from '@redress/shared';
import type { ModuleApiDoc } from '../../../platform/http/openapi';

/** The complaint change feed's admin operations. */
export const feedApiDoc: ModuleApiDoc = {
  tag: { name: 'feed', description: 'The durable complaint change feed: subscriber lag, failures and dead letters' },
  paths: {
    '/api/admin/feed': {
      get: {
        summary: 'Change feed status: pending changes, per-subscriber figures, dead letters',
        access: 'admin',
        responses: { 200: '`FeedStatusView`' },
      },
    },
    '/api/admin/feed/store': {
      get: {
        summary: 'The database behind the desk: embedded engine, complaints held, and whether that is more than the engine was tested with',
        access: 'admin',
        responses: { 200: '`StoreStatusView`' },
      },
    },
    '/api/admin/feed/replay': {
      post: {
        summary: 'Replay a dead letter: the subscriber(s) try the complaint again',
        access: 'admin',
        body: feedReplaySchema,
        responses: { 200: '`{ replayed: number }`' },
        errors: [400, 404],
      },
    },
  },
};
