import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { portalApi } from '../api';

/** The customer's answer to the agent (plain text; the server checks it with the portal reply schema). */
export function ReplyBox({ reference, token, onSent }: { reference: string; token: string; onSent(): void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  async function send() {
    if (!body.trim()) {
      setError(t('portal.track.replyEmpty'));
      return;
    }
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      await portalApi.reply(reference, token, body.trim());
      setBody('');
      setSent(true);
      onSent();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={`rd-stack rd-field${error ? ' rd-field-invalid' : ''}`} data-testid="reply-box">
      <textarea
        rows={4}
        maxLength={10_000}
        value={body}
        aria-label={t('portal.track.replyTitle')}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setBody(e.target.value)}
        placeholder={t('portal.track.replyPlaceholder')}
        data-testid="reply-input"
      />
      {error && (
        <div className="rd-field-error" role="alert">
          {error}
        </div>
      )}
      {sent && (
        <div className="rd-notice" role="status">
          {t('portal.track.replySent')}
        </div>
      )}
      <div>
        <button type="button" className="rd-btn rd-btn-primary" disabled={busy} aria-busy={busy} onClick={() => void send()} data-testid="reply-send">
          {busy && <span className="rd-spinner" aria-hidden="true" />}
          {t('portal.track.replySend')}
        </button>
      </div>
    </div>
  );
}
