import { useState } from 'react';
import { App, Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { portalReplySchema } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { portalApi } from '../api';

/** The customer's answer to the agent (plain text). */
export function ReplyBox({ reference, token, onSent }: { reference: string; token: string; onSent(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    const parsed = portalReplySchema.safeParse({ body });
    if (!parsed.success) {
      setError(t('portal.track.replyEmpty'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await portalApi.reply(reference, token, parsed.data.body);
      setBody('');
      message.success(t('portal.track.replySent'));
      onSent();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="reply-box">
      <Input.TextArea
        rows={4}
        maxLength={10_000}
        value={body}
        status={error ? 'error' : undefined}
        onChange={(e) => setBody(e.target.value)}
        placeholder={t('portal.track.replyPlaceholder')}
        data-testid="reply-input"
      />
      {error && <span style={{ color: '#ff4d4f' }}>{error}</span>}
      <Button type="primary" loading={busy} disabled={busy} onClick={() => void send()} data-testid="reply-send">
        {t('portal.track.replySend')}
      </Button>
    </Space>
  );
}
