import type { Express } from 'express';
import type { Services } from './platform/context';
import type { Job } from './platform/jobs/runner';
import type { RedressSocket } from './platform/realtime/realtime';
import { authRouter } from './modules/auth/auth.router';
import { deliverDueMail } from './modules/notifications/outbox';
import { devMailRouter } from './modules/notifications/devMail.router';
import { complaintsRouter } from './modules/complaints/complaints.router';
import { onComplaintChange } from './modules/complaints/complaintChanges';
import { analyticsRouter } from './modules/analytics/analytics.router';
import { httpMetrics, prometheusRouter } from './modules/analytics/prometheus';
import { rollupListener } from './modules/analytics/rollupRecorder';
import { lifecycleRouter } from './modules/complaints/lifecycle.router';
import { portalRouter } from './modules/complaints/portal.router';
import { autoCloseJob } from './modules/complaints/jobs/autoClose';
import { idempotencySweepJob } from './modules/complaints/jobs/idempotencySweep';
import { slaRouter } from './modules/sla/sla.router';
import { onComplaintChangeForSla } from './modules/sla/slaListeners';
import { slaSweepJob } from './modules/sla/jobs/slaSweep';
import { compensationRouter } from './modules/compensation/compensation.router';
import { onComplaintChangeForCompensation } from './modules/compensation/compensationListeners';
import { remediesRouter } from './modules/compensation/remedies.router';
import { remedyPortalRouter, voucherRouter } from './modules/compensation/remedyPortal.router';

/** Every API router, mounted in one place. */
export function mountApi(app: Express, s: Services): void {
  app.use(httpMetrics);
  app.use(prometheusRouter());
  app.use('/api/metrics', analyticsRouter());
  app.use('/api/auth', authRouter({ loginAttemptsPerWindow: s.env.NODE_ENV === 'test' ? 50 : 10 }));
  app.use('/api/dev/mail', devMailRouter());
  app.use('/api', complaintsRouter());
  app.use('/api', lifecycleRouter());
  app.use('/api/portal', portalRouter());
  onComplaintChange('sla', onComplaintChangeForSla);
  app.use('/api', slaRouter());
  onComplaintChange('compensation', onComplaintChangeForCompensation);
  app.use('/api/compensation', compensationRouter());
  app.use('/api', remediesRouter());
  app.use('/api/portal', remedyPortalRouter());
  app.use('/api/vouchers', voucherRouter());
  // Keep last: rollups read what the other listeners wrote (SLA clocks' business time, targets).
  onComplaintChange('analytics-rollups', rollupListener);
}

/** Background work; each job claims its items atomically, so every process may run all of them. */
export function backgroundJobs(): Job[] {
  return [{ name: 'mail-outbox', everyMs: 2_000, run: () => deliverDueMail() }, autoCloseJob, idempotencySweepJob, slaSweepJob()];
}

/** Socket handlers that read (never write) state, e.g. presence on a complaint. */
export function onSocketConnection(_socket: RedressSocket): void {}
