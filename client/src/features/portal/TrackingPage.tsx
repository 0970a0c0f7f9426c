import { useCallback, useEffect, useRef, useState } from 'react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import type { PortalComplaintView, TrackingPush } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { PortalRemedies } from '../compensation/PortalRemedies';
import { NotFoundPage } from '../shell/NotFoundPage';
import { portalApi, tokenFromHash } from './api';
import { AttachmentUpload } from './components/AttachmentUpload';
import { DuePromise } from './components/DuePromise';
import { PublicTimeline } from './components/PublicTimeline';
import { RatingForm, Stars } from './components/RatingForm';
import { ReplyBox } from './components/ReplyBox';
import { StatusSteps } from './components/StatusSteps';
import { useCategories } from './useCategories';
import { usePageTitle } from '../shell/usePageTitle';
import './portal.css';
import { followComplaint } from './trackingLive';

/** A pushed change applied to the page: the state as given, new public entries merged by id. */
function applyPush(view: PortalComplaintView, p: TrackingPush): PortalComplaintView {
  if (p.reference !== view.complaint.reference) return view;
  const byId = new Map(view.timeline.map((e) => [e.id, e]));
  for (const e of p.events) byId.set(e.id, e);
  const timeline = [...byId.values()].sort((a, b) => a.at.localeCompare(b.at));
  return {
    ...view,
    complaint: { ...view.complaint, status: p.status, resolvedAt: p.resolvedAt, closedAt: p.closedAt },
    canReply: p.canReply,
    promise: p.promise,
    timeline,
  };
}

type Load = { state: 'loading' } | { state: 'missing' } | { state: 'failed'; message: string } | { state: 'ready'; view: PortalComplaintView };

/**
 * The customer's tracking page. The token comes from the link's `#t=` fragment; an unknown
 * reference and a wrong token look exactly the same (404), so references cannot be probed.
 * Plain React and HTML, no antd (client size budget, test/e2e/clientSize.e2e.test.ts).
 */
export function TrackingPage() {
  const { t, i18n } = useTranslation();
  const { reference = '' } = useParams();
  const { hash } = useLocation();
  const token = tokenFromHash(hash);
  const { label } = useCategories();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [live, setLive] = useState(false);
  /** The status a push just moved the complaint to, announced in the customer's words. */
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const shownStatus = useRef<string | null>(null);
  useEffect(() => {
    shownStatus.current = load.state === 'ready' ? load.view.complaint.status : null;
  }, [load]);
  usePageTitle(`${t('portal.track.title')} ${reference}`);

  const fetchView = useCallback(
    async (signal?: AbortSignal) => {
      if (!token) return setLoad({ state: 'missing' });
      try {
        const view = await portalApi.track(reference, token, signal);
        setLoad({ state: 'ready', view });
      } catch (err) {
        if (signal?.aborted) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 403 || err.status === 401)) setLoad({ state: 'missing' });
        else setLoad({ state: 'failed', message: err instanceof ApiError ? err.message : t('common.unexpected') });
      }
    },
    [reference, token, t],
  );

  useEffect(() => {
    const ctl = new AbortController();
    void fetchView(ctl.signal);
    return () => ctl.abort();
  }, [fetchView]);

  // Live: an agent's reply, a status change or a new due time appears without a reload. Only a
  // status change needs the whole view again (whether the customer may now rate, remedies).
  const ready = load.state === 'ready';
  useEffect(() => {
    // Only once the link proved valid: a wrong token gets "not found", not a socket retrying.
    if (!token || !ready) return;
    return followComplaint(reference, token, {
      onLive: setLive,
      onResync: () => void fetchView(),
      onPush: (p) => {
        const moved = shownStatus.current !== null && shownStatus.current !== p.status;
        setLoad((cur) => (cur.state === 'ready' ? { state: 'ready', view: applyPush(cur.view, p) } : cur));
        if (moved) {
          setMovedTo(p.status);
          void fetchView();
        }
      },
    });
  }, [reference, token, fetchView, ready]);

  // Customers come back to the tab after reading our email: show what changed meanwhile.
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && void fetchView();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [fetchView]);

  if (load.state === 'loading') return <div className="rd-card rd-skeleton" aria-busy="true" />;
  if (load.state === 'missing') return <NotFoundPage subTitle={t('portal.track.notFound')} />;
  if (load.state === 'failed') {
    return (
      <div className="rd-alert rd-alert-error rd-alert-action" role="alert" data-testid="tracking-error">
        <span>{load.message}</span>
        <button type="button" className="rd-btn" onClick={() => void fetchView()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  const { complaint, timeline, canReply, canRate, promise } = load.view;
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const categoryLabel = complaint.categoryLabel?.[lang] ?? label(complaint.category);
  const refresh = () => void fetchView();

  return (
    <div className="rd-stack rd-stack-16" data-testid="tracking-page">
      <section className="rd-card rd-card-body">
        <div className="rd-track-head">
          <div>
            <span className="rd-secondary">{t('portal.track.title')}</span>
            <h3 className="rd-title rd-title-3" data-testid="tracking-reference">
              {complaint.reference}
            </h3>
          </div>
          <div className="rd-track-actions">
            {live && (
              <span className="rd-tag rd-tag-live" data-testid="tracking-live">
                {t('portal.track.live')}
              </span>
            )}
            <button type="button" className="rd-btn" onClick={refresh} data-testid="tracking-refresh">
              <span aria-hidden="true">↻</span> {t('common.refresh')}
            </button>
          </div>
        </div>
        <div style={{ margin: '20px 0 8px' }}>
          <StatusSteps status={complaint.status} />
        </div>
        {movedTo === complaint.status && (
          <div className="rd-alert rd-alert-success" role="status" style={{ marginTop: 16 }} data-testid="status-live">
            {t('portal.track.statusNow', { status: t(`portal.track.events.status.${complaint.status}`) })}
          </div>
        )}
        <p style={{ marginTop: 16 }} data-testid="status-explainer">
          {t(`portal.track.explain.${complaint.status}`)}
        </p>
        <DuePromise promise={promise} />
        <dl className="rd-details">
          <div>
            <dt>{t('portal.track.category')}</dt>
            <dd>
              <span className="rd-tag">{categoryLabel}</span>
            </dd>
          </div>
          <div>
            <dt>{t('portal.track.filedAt')}</dt>
            <dd>{dayjs(complaint.createdAt).format('YYYY-MM-DD HH:mm')}</dd>
          </div>
          {complaint.resolvedAt && (
            <div>
              <dt>{t('portal.track.resolvedAt')}</dt>
              <dd>{dayjs(complaint.resolvedAt).format('YYYY-MM-DD HH:mm')}</dd>
            </div>
          )}
        </dl>
      </section>

      <section className="rd-card rd-card-titled">
        <h3 className="rd-card-title">{t('portal.track.yourComplaint')}</h3>
        <div className="rd-description" data-testid="tracking-description">
          {complaint.description}
        </div>
      </section>

      <PortalRemedies reference={complaint.reference} token={token} version={timeline.length} />

      <section className="rd-card rd-card-titled">
        <h3 className="rd-card-title">{t('portal.track.history')}</h3>
        <PublicTimeline reference={complaint.reference} token={token} events={timeline} />
      </section>

      {canReply && (
        <section className="rd-card rd-card-titled">
          <h3 className="rd-card-title">{t('portal.track.replyTitle')}</h3>
          <ReplyBox reference={complaint.reference} token={token} onSent={refresh} />
          <AttachmentUpload reference={complaint.reference} token={token} onUploaded={refresh} />
        </section>
      )}

      {complaint.csat ? (
        <section className="rd-card rd-card-titled" data-testid="rating-done">
          <h3 className="rd-card-title">{t('portal.track.rated')}</h3>
          <Stars value={complaint.csat.score} />
          {complaint.csat.comment && (
            <p className="rd-text" style={{ marginTop: 8 }}>
              {complaint.csat.comment}
            </p>
          )}
        </section>
      ) : (
        canRate && (
          <section className="rd-card rd-card-titled">
            <h3 className="rd-card-title">{t('portal.track.rateTitle')}</h3>
            <RatingForm reference={complaint.reference} token={token} onRated={refresh} />
          </section>
        )
      )}
    </div>
  );
}
