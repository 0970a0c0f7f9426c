import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentView } from '@redress/shared';
import { portalApi } from '../api';

/** A customer's attachment: fetched with the tracking token, then saved from memory. */
export function AttachmentLink({ reference, token, file }: { reference: string; token: string; file: AttachmentView }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function open() {
    setBusy(true);
    setFailed(false);
    try {
      const blob = await portalApi.download(reference, token, file.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      // Give the browser a moment to start the download before freeing the memory.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="rd-attachment">
      <button type="button" className="rd-link" disabled={busy} onClick={() => void open()} title={t('portal.track.download')} data-testid="public-attachment">
        <svg className="rd-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M16.5 6.5 8.4 14.6a2 2 0 0 0 2.8 2.8l8.5-8.5a4 4 0 0 0-5.7-5.7L5.5 11.7a6 6 0 0 0 8.5 8.5l6.4-6.4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          />
        </svg>{' '}
        {file.filename}
      </button>
      {failed && (
        <span className="rd-field-error" role="alert">
          {' '}
          {t('common.unexpected')}
        </span>
      )}
    </span>
  );
}
