import { Button, Card, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { FileComplaintResponse } from '@redress/shared';
import { tokenFromHash } from '../api';
import { AttachmentUpload } from './AttachmentUpload';

/** The tracking link as a path on this site (the API's absolute URL may name another host in dev). */
export function localTrackingPath(trackingUrl: string): string {
  try {
    const u = new URL(trackingUrl, window.location.origin);
    return `${u.pathname}${u.hash}`;
  } catch {
    return trackingUrl;
  }
}

/** Confirmation after filing: the reference, the tracking link, and optional attachments. */
export function FiledResult({ filed, onAnother }: { filed: FileComplaintResponse; onAnother(): void }) {
  const { t } = useTranslation();
  const path = localTrackingPath(filed.trackingUrl);
  const token = tokenFromHash(new URL(filed.trackingUrl, window.location.origin).hash);
  return (
    <Card data-testid="filed-result">
      <Result
        status="success"
        title={t('portal.filed.title')}
        subTitle={
          <>
            {t('portal.filed.reference')}{' '}
            <Typography.Text strong copyable data-testid="filed-reference">
              {filed.reference}
            </Typography.Text>
            <br />
            {t('portal.filed.emailed')}
          </>
        }
        extra={[
          <Link key="track" to={path} data-testid="tracking-link">
            <Button type="primary">{t('portal.filed.track')}</Button>
          </Link>,
          <Button key="again" onClick={onAnother} data-testid="file-another">
            {t('portal.filed.another')}
          </Button>,
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 13 }}>
        {t('portal.filed.bookmark')}{' '}
        <Typography.Text copyable={{ text: filed.trackingUrl }} style={{ fontSize: 13 }}>
          <Link to={path}>{filed.trackingUrl}</Link>
        </Typography.Text>
      </Typography.Paragraph>
      {token && <AttachmentUpload reference={filed.reference} token={token} />}
    </Card>
  );
}
