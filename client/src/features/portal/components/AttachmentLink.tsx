import { useState } from 'react';
import { App, Button } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AttachmentView } from '@redress/shared';
import { portalApi } from '../api';

/** A customer's attachment: fetched with the tracking token, then saved from memory. */
export function AttachmentLink({ reference, token, file }: { reference: string; token: string; file: AttachmentView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  async function open() {
    setBusy(true);
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
      message.error(t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button
      type="link"
      size="small"
      icon={<PaperClipOutlined />}
      loading={busy}
      onClick={() => void open()}
      title={t('portal.track.download')}
      data-testid="public-attachment"
      style={{ paddingInline: 0, marginRight: 12 }}
    >
      {file.filename}
    </Button>
  );
}
