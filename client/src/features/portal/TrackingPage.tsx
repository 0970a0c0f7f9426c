import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Rate, Skeleton, Space, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import type { PortalComplaintView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { PortalRemedies } from '../compensation/PortalRemedies';
import { NotFoundPage } from '../shell/NotFoundPage';
import { portalApi, tokenFromHash } from './api';
import { AttachmentUpload } from './components/AttachmentUpload';
import { PublicTimeline } from './components/PublicTimeline';
import { RatingForm } from './components/RatingForm';
import { ReplyBox } from './components/ReplyBox';
import { StatusSteps } from './components/StatusSteps';
import { useCategories } from './useCategories';
import { usePageTitle } from '../shell/usePageTitle';

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

  const { complaint, timeline, canReply, canRate } = load.view;
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
          <Button icon={<ReloadOutlined />} onClick={refresh} data-testid="tracking-refresh">
            {t('common.refresh')}
          </Button>
        </Space>
        <div style={{ margin: '20px 0 8px' }}>
          <StatusSteps status={complaint.status} />
        </div>
        <Typography.Paragraph style={{ marginTop: 16 }} data-testid="status-explainer">
          {t(`portal.track.explain.${complaint.status}`)}
        </Typography.Paragraph>
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
