import { useState } from 'react';
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

/** A small "copy" button (the clipboard may be unavailable: then it simply does nothing). */
function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="rd-link rd-small"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => undefined,
        )
      }
    >
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}

/** Confirmation after filing: the reference, the tracking link, and optional attachments (plain HTML: a customer page). */
export function FiledResult({ filed, onAnother }: { filed: FileComplaintResponse; onAnother(): void }) {
  const { t } = useTranslation();
  const path = localTrackingPath(filed.trackingUrl);
  const token = tokenFromHash(new URL(filed.trackingUrl, window.location.origin).hash);
  return (
    <div className="rd-card rd-form-card" data-testid="filed-result">
      <div className="rd-result" style={{ padding: '24px 0' }}>
        <div className="rd-result-ok" aria-hidden="true">
          ✓
        </div>
        <h2 className="rd-title">{t('portal.filed.title')}</h2>
        <p className="rd-secondary">
          {t('portal.filed.reference')}{' '}
          <strong className="rd-reference" data-testid="filed-reference">
            {filed.reference}
          </strong>{' '}
          <CopyButton text={filed.reference} />
          <br />
          {t('portal.filed.emailed')}
        </p>
        <div className="rd-actions">
          <Link to={path} className="rd-btn rd-btn-primary" data-testid="tracking-link">
            {t('portal.filed.track')}
          </Link>
          <button type="button" className="rd-btn" onClick={onAnother} data-testid="file-another">
            {t('portal.filed.another')}
          </button>
        </div>
      </div>
      <p className="rd-secondary rd-small" style={{ textAlign: 'center', overflowWrap: 'anywhere' }}>
        {t('portal.filed.bookmark')} <Link to={path}>{filed.trackingUrl}</Link> <CopyButton text={filed.trackingUrl} />
      </p>
      {token && <AttachmentUpload reference={filed.reference} token={token} />}
    </div>
  );
}
