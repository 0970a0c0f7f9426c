import { useState } from 'react';
import { App, Button, Input, Rate, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { csatSchema } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { portalApi } from '../api';

/** 1–5 rating after resolution, with an optional comment. */
export function RatingForm({ reference, token, onRated }: { reference: string; token: string; onRated(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  async function send() {
    const parsed = csatSchema.safeParse({ score, comment: comment.trim() || undefined });
    if (!parsed.success) {
      message.warning(t('portal.track.rateChoose'));
      return;
    }
    setBusy(true);
    try {
      await portalApi.rate(reference, token, parsed.data);
      message.success(t('portal.track.rateThanks'));
      onRated();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rating-form">
      <Typography.Text>{t('portal.track.rateQuestion')}</Typography.Text>
      <Rate value={score} onChange={setScore} data-testid="rating-stars" />
      <Input.TextArea
        rows={3}
        maxLength={2000}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('portal.track.rateComment')}
        data-testid="rating-comment"
      />
      <Button type="primary" onClick={() => void send()} loading={busy} disabled={busy || score === 0} data-testid="rating-send">
        {t('portal.track.rateSend')}
      </Button>
    </Space>
  );
}
