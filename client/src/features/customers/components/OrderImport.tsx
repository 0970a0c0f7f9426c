import { useState } from 'react';
import { Alert, Button, Card, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { orderIngestLimits, type OrderIngestResult } from '@redress/shared';
import { api, ApiError } from '../../../lib/api';
import '../../dashboard/retention/i18n';

const sample = [
  'email,orderId,kind,amount,currency,at',
  'ada@example.com,SO-1001,placed,84.50,EUR,2026-06-02T10:15:00Z',
  'ada@example.com,SO-1001,refunded,20,EUR,2026-06-09T08:00:00Z',
].join('\n');

/** Import the shop's order history (CSV): customer value, lifecycle stage and measured retention follow. */
export function OrderImport({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<OrderIngestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function run() {
    const file = files[0]?.originFileObj;
    if (!file) return;
    setBusy(true);
    setResult(null);
    setFailure(null);
    try {
      const form = new FormData();
      form.append('file', file);
      setResult(await api<OrderIngestResult>('/api/orders/import', { method: 'POST', body: form }));
      setFiles([]);
      onImported();
    } catch (err) {
      setFailure(err instanceof ApiError ? [err.message, ...err.fields.map((f) => `${f.path}: ${f.message}`)].join(' · ') : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  const rejected = result?.rejected.flatMap((r) => r.errors.map((e, i) => ({ key: `${r.row}-${i}`, line: r.row, field: e.path, message: e.message }))) ?? [];
  return (
    <Card title={t('retention.orders.title')} data-testid="order-import" size="small">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('retention.orders.hint')}
      </Typography.Paragraph>
      <pre style={{ background: '#f6f8fa', padding: 8, borderRadius: 6, fontSize: 12, overflowX: 'auto', margin: '4px 0 8px' }}>{sample}</pre>
      <Space wrap style={{ marginBottom: 8 }}>
        <Upload
          accept=".csv,text/csv"
          maxCount={1}
          fileList={files}
          beforeUpload={(file) => (file.size > orderIngestLimits.maxCsvBytes ? Upload.LIST_IGNORE : false)}
          onChange={({ fileList }) => setFiles(fileList.slice(-1))}
        >
          <Button icon={<UploadOutlined />} data-testid="order-import-choose">
            {t('customers.import.choose')}
          </Button>
        </Upload>
        <Button type="primary" onClick={() => void run()} disabled={files.length === 0} loading={busy} data-testid="order-import-run">
          {t('customers.import.run')}
        </Button>
      </Space>
      {result && (
        <Alert
          type={result.rejectedCount ? 'warning' : 'success'}
          showIcon
          data-testid="order-import-result"
          message={t('retention.orders.result', { inserted: result.inserted, duplicates: result.duplicates, rejected: result.rejectedCount })}
          style={{ marginBottom: 8 }}
        />
      )}
      {failure && <Alert type="error" showIcon data-testid="order-import-failed" message={failure} style={{ marginBottom: 8 }} />}
      {rejected.length > 0 && (
        <Table
          size="small"
          rowKey="key"
          pagination={rejected.length > 10 ? { pageSize: 10, size: 'small' } : false}
          dataSource={rejected}
          columns={[
            { title: t('customers.import.line'), dataIndex: 'line', width: 64 },
            { title: t('customers.import.field'), dataIndex: 'field', width: 150 },
            { title: t('customers.import.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
}
