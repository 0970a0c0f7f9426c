import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { portalApi } from '../api';

/** Five stars, read-only or to pick from (plain HTML: a customer page). */
export function Stars({ value, onChange, testId }: { value: number; onChange?(score: number): void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className="rd-stars"
      role={onChange ? 'radiogroup' : 'img'}
      aria-label={onChange ? t('portal.track.rateQuestion') : `${value} / 5`}
      data-testid={testId}
    >
      {[1, 2, 3, 4, 5].map((n) =>
        onChange ? (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={value === n}
            aria-label={`${n} / 5`}
            className={n <= value ? 'rd-star rd-star-on' : 'rd-star'}
            onClick={() => onChange(n)}
            data-testid={`rating-star-${n}`}
          >
            ★
          </button>
        ) : (
          <span key={n} aria-hidden="true" className={n <= value ? 'rd-star rd-star-on' : 'rd-star'}>
            ★
          </span>
        ),
      )}
    </span>
  );
}

/** 1–5 rating after resolution, with an optional comment (the server checks it with the csat schema). */
export function RatingForm({ reference, token, onRated }: { reference: string; token: string; onRated(): void }) {
  const { t } = useTranslation();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    if (score < 1 || score > 5) {
      setError(t('portal.track.rateChoose'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await portalApi.rate(reference, token, { score, comment: comment.trim() || undefined });
      onRated();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="rd-stack rd-field" data-testid="rating-form">
      <span>{t('portal.track.rateQuestion')}</span>
      <Stars value={score} onChange={setScore} testId="rating-stars" />
      <textarea
        rows={3}
        maxLength={2000}
        value={comment}
        aria-label={t('portal.track.rateComment')}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('portal.track.rateComment')}
        data-testid="rating-comment"
      />
      {error && (
        <div className="rd-field-error" role="alert">
          {error}
        </div>
      )}
      <div>
        <button
          type="button"
          className="rd-btn rd-btn-primary"
          onClick={() => void send()}
          disabled={busy || score === 0}
          aria-busy={busy}
          data-testid="rating-send"
        >
          {busy && <span className="rd-spinner" aria-hidden="true" />}
          {t('portal.track.rateSend')}
        </button>
      </div>
    </div>
  );
}
