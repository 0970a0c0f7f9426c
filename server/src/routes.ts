import type { Express } from 'express';
import type { Services } from './platform/context';
import type { Job } from './platform/jobs/runner';
import type { RedressSocket } from './platform/realtime/realtime';
import { authRouter } from './modules/auth/auth.router';
import { deliverDueMail } from './modules/notifications/outbox';
import { devMailRouter } from './modules/notifications/devMail.router';
import { complaintsRouter } from './modules/complaints/complaints.router';
import { analyticsRouter } from './modules/analytics/analytics.router';
import { httpMetrics, prometheusRouter } from './modules/analytics/prometheus';
import { rollupProcessor } from './modules/analytics/rollupRecorder';
import { retentionProcessor } from './modules/analytics/retentionRecorder';
import { ordersRouter } from './modules/orders/orders.router';
import { ordersApiDoc } from './modules/orders/orders.openapi';
import { lifecycleSweepJob } from './modules/orders/jobs/lifecycleSweep';
import { lifecycleRouter } from './modules/complaints/lifecycle.router';
import { portalRouter } from './modules/complaints/portal.router';
import { autoCloseJob } from './modules/complaints/jobs/autoClose';
import { idempotencySweepJob } from './modules/complaints/jobs/idempotencySweep';
import { slaRouter } from './modules/sla/sla.router';
import { slaProcessor } from './modules/sla/slaListeners';
import { slaSweepJob } from './modules/sla/jobs/slaSweep';
import { compensationRouter } from './modules/compensation/compensation.router';
import { compensationProcessor } from './modules/compensation/compensationListeners';
import { remediesRouter } from './modules/compensation/remedies.router';
import { fulfilmentRouter, remedyPortalRouter, voucherRouter } from './modules/compensation/remedyPortal.router';
import { customersRouter } from './modules/customers/customers.router';
import { staffRouter } from './modules/auth/staff.router';
import { routingRouter } from './modules/routing/routing.router';
import { routingProcessor } from './modules/routing/routingListeners';
import { holdingsReconcileJob, queueSweepJob } from './modules/routing/jobs/queueSweep';
import { trackPresence } from './modules/routing/presence';
import { trackViewers } from './modules/complaints/viewers';
import type { FeedDispatcher, FeedSubscriber } from './modules/complaints/feed/feedDispatcher';
import { feedRouter } from './modules/complaints/feed/feed.router';
import { feedApiDoc } from './modules/complaints/feed/feed.openapi';
import { mailProcessor } from './modules/complaints/processors/mailProcessor';
import { realtimeProcessor } from './modules/complaints/processors/realtimeProcessor';
import { timelineProcessor } from './modules/complaints/processors/timelineProcessor';
import { openApiRouter, type ModuleApiDoc } from './platform/http/openapi';
import { analyticsApiDoc } from './modules/analytics/analytics.openapi';
import { authApiDoc } from './modules/auth/auth.openapi';
import { staffApiDoc } from './modules/auth/staff.openapi';
import { compensationApiDoc } from './modules/compensation/compensation.openapi';
import { complaintsApiDoc } from './modules/complaints/complaints.openapi';
import { customersApiDoc } from './modules/customers/customers.openapi';
import { notificationsApiDoc } from './modules/notifications/notifications.openapi';
import { routingApiDoc } from './modules/routing/routing.openapi';
import { slaApiDoc } from './modules/sla/sla.openapi';
import { webhooksApiDoc } from './modules/integrations/webhooks.openapi';
import { webhooksRouter } from './modules/integrations/webhooks.router';
import { webhookProcessor } from './modules/integrations/webhookProcessor';
import { deliverDueWebhooks } from './modules/integrations/webhookDeliverer';
import { webhookLogPruneJob } from './modules/integrations/jobs/webhookLogPrune';

/** Each module's OpenAPI declarations (<module>.openapi.ts), served at /api/openapi.json; add yours with your router. */
export const apiDocs: ModuleApiDoc[] = [
  authApiDoc,
  staffApiDoc,
  complaintsApiDoc,
  routingApiDoc,
  slaApiDoc,
  compensationApiDoc,
  customersApiDoc,
  analyticsApiDoc,
  notificationsApiDoc,
  feedApiDoc,
  webhooksApiDoc,
  ordersApiDoc,
];

/** Every API router, mounted in one place. */
export function mountApi(app: Express, s: Services, feed: FeedDispatcher): void {
  app.use(httpMetrics);
  app.use(prometheusRouter());
  app.use('/api', openApiRouter(apiDocs));
  app.use('/api/metrics', analyticsRouter());
  app.use(
    '/api/auth',
    authRouter({
      loginFailuresPerWindow: s.env.LOGIN_FAILURES_PER_WINDOW ?? (s.env.NODE_ENV === 'test' ? 50 : 10),
      production: s.env.NODE_ENV === 'production',
    }),
  );
  app.use('/api/admin', staffRouter());
  app.use('/api/dev/mail', devMailRouter());
  app.use('/api', complaintsRouter());
  app.use('/api', lifecycleRouter());
  app.use('/api/portal', portalRouter());
  app.use('/api', routingRouter());
  app.use('/api', slaRouter());
  app.use('/api/compensation', compensationRouter());
  app.use('/api', remediesRouter());
  app.use('/api/portal', remedyPortalRouter());
  app.use('/api/vouchers', voucherRouter());
  app.use('/api/remedies', fulfilmentRouter());
  app.use('/api/admin/webhooks', webhooksRouter());
  app.use('/api/customers', customersRouter());
  app.use('/api/orders', ordersRouter());
  app.use('/api/admin/feed', feedRouter(feed));
}

/**
 * The change feed's subscribers, in the order each complaint's changes are handed to them:
 * routing first (the assignment is made before the rest look), then the consoles (the agent sees
 * the complaint as soon as it is theirs; the SLA badge follows with the next push), SLA clocks,
 * timeline entries and mail, remedy rules, rollups (they read SLA clocks' business time) and
 * measured retention (it reads the remedies the rules made), then the webhook events (recorded,
 * sent outside the feed).
 */
export function feedSubscribers(): FeedSubscriber[] {
  return [
    routingProcessor,
    realtimeProcessor,
    slaProcessor,
    timelineProcessor,
    mailProcessor,
    compensationProcessor,
    rollupProcessor,
    retentionProcessor,
    webhookProcessor,
  ];
}

/** Background work; each job claims its items atomically, so every process may run all of them. */
export function backgroundJobs(): Job[] {
  return [
    { name: 'mail-outbox', everyMs: 2_000, run: () => deliverDueMail() },
    autoCloseJob,
    idempotencySweepJob,
    slaSweepJob(),
    queueSweepJob,
    holdingsReconcileJob,
    webhookJob,
    webhookLogPruneJob,
    lifecycleSweepJob,
  ];
}

/** Sends due webhook deliveries; also run at once when an event is recorded (webhookSignal). */
export const webhookJob: Job = { name: 'webhooks', everyMs: 1_000, run: () => deliverDueWebhooks() };

/** Socket handlers: presence (agent availability) and who is viewing a complaint. No writes from clients. */
export function onSocketConnection(socket: RedressSocket): void {
  trackPresence(socket);
  trackViewers(socket);
}
