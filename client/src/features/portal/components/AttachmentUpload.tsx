import { useState } from 'react';
import { App, Button, Space, Typography, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { attachmentLimits } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { portalApi } from '../api';

/**
 * Photos or documents for a filed complaint (POST .../attachments, multipart field `files`,
 * authorised by the tracking token). The server checks types from the bytes; we pre-check size.
 */
export function AttachmentUpload({ reference, token, onUploaded }: { reference: string; token: string; onUploaded?(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);

  async function upload() {
    const picked = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => Boolean(f));
    if (picked.length === 0) return;
    setBusy(true);
    try {
      await portalApi.attach(reference, token, picked);
      setDone((n) => n + picked.length);
      setFiles([]);
      message.success(t('portal.attachments.done', { count: picked.length }));
      onUploaded?.();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  const maxMb = Math.round(attachmentLimits.maxBytes / (1024 * 1024));
  return (
    <div data-testid="attachment-upload" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 16, marginTop: 8 }}>
      <Typography.Text strong>
        <PaperClipOutlined /> {t('portal.attachments.title')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '4px 0 8px' }}>
        {t('portal.attachments.hint', { count: attachmentLimits.maxFiles, mb: maxMb })}
        {done > 0 && ` ${t('portal.attachments.sent', { count: done })}`}
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload
          multiple
          fileList={files}
          accept={attachmentLimits.contentTypes.join(',')}
          maxCount={attachmentLimits.maxFiles}
          beforeUpload={(file) => {
            if (file.size > attachmentLimits.maxBytes) {
              message.error(t('portal.attachments.tooBig', { name: file.name, mb: maxMb }));
              return Upload.LIST_IGNORE;
            }
            return false;
          }}
          onChange={({ fileList }) => setFiles(fileList)}
        >
          <Button icon={<UploadOutlined />} data-testid="attachment-pick">
            {t('portal.attachments.pick')}
          </Button>
        </Upload>
        {files.length > 0 && (
          <Button type="primary" loading={busy} onClick={() => void upload()} data-testid="attachment-send">
            {t('portal.attachments.send', { count: files.length })}
          </Button>
        )}
      </Space>
    </div>
  );
}
