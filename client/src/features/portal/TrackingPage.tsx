import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Rate, Skeleton, Space, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
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
import { RatingForm } from './components/RatingForm';
import { ReplyBox } from './components/ReplyBox';
import { StatusSteps } from './components/StatusSteps';
import { useCategories } from './useCategories';
import { usePageTitle } from '../shell/usePageTitle';
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

  if (load.state === 'loading')
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (load.state === 'missing') return <NotFoundPage subTitle={t('portal.track.notFound')} />;
  if (load.state === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        message={load.message}
        action={<Button onClick={() => void fetchView()}>{t('common.retry')}</Button>}
        data-testid="tracking-error"
      />
    );
  }

  const { complaint, timeline, canReply, canRate, promise } = load.view;
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const categoryLabel = complaint.categoryLabel?.[lang] ?? label(complaint.category);
  const refresh = () => void fetchView();

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="tracking-page">
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <div>
            <Typography.Text type="secondary">{t('portal.track.title')}</Typography.Text>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="tracking-reference">
              {complaint.reference}
            </Typography.Title>
          </div>
          <Space>
            {live && (
              <Tag color="green" bordered={false} data-testid="tracking-live">
                {t('portal.track.live')}
              </Tag>
            )}
            <Button icon={<ReloadOutlined />} onClick={refresh} data-testid="tracking-refresh">
              {t('common.refresh')}
            </Button>
          </Space>
        </Space>
        <div style={{ margin: '20px 0 8px' }}>
          <StatusSteps status={complaint.status} />
        </div>
        {movedTo === complaint.status && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 16 }}
            message={t('portal.track.statusNow', { status: t(`portal.track.events.status.${complaint.status}`) })}
            data-testid="status-live"
          />
        )}
        <Typography.Paragraph style={{ marginTop: 16 }} data-testid="status-explainer">
          {t(`portal.track.explain.${complaint.status}`)}
        </Typography.Paragraph>
        <div style={{ marginBottom: 12 }}>
          <DuePromise promise={promise} />
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('portal.track.category')}>
            <Tag>{categoryLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('portal.track.filedAt')}>{dayjs(complaint.createdAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
          {complaint.resolvedAt && (
            <Descriptions.Item label={t('portal.track.resolvedAt')}>{dayjs(complaint.resolvedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card title={t('portal.track.yourComplaint')}>
        <div className="rd-bubble rd-text rd-bubble-customer" data-testid="tracking-description">
          {complaint.description}
        </div>
      </Card>

      <PortalRemedies reference={complaint.reference} token={token} version={timeline.length} />

      <Card title={t('portal.track.history')}>
        <PublicTimeline reference={complaint.reference} token={token} events={timeline} />
      </Card>

      {canReply && (
        <Card title={t('portal.track.replyTitle')}>
          <ReplyBox reference={complaint.reference} token={token} onSent={refresh} />
          <AttachmentUpload reference={complaint.reference} token={token} onUploaded={refresh} />
        </Card>
      )}

      {complaint.csat ? (
        <Card title={t('portal.track.rated')} data-testid="rating-done">
          <Rate disabled value={complaint.csat.score} />
          {complaint.csat.comment && (
            <Typography.Paragraph className="rd-text" style={{ marginTop: 8 }}>
              {complaint.csat.comment}
            </Typography.Paragraph>
          )}
        </Card>
      ) : (
        canRate && (
          <Card title={t('portal.track.rateTitle')}>
            <RatingForm reference={complaint.reference} token={token} onRated={refresh} />
          </Card>
        )
      )}
    </Space>
  );
}
