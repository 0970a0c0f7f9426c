import { useMemo, useState } from 'react';
import { Alert, Button, Card, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { customerCsvSample, customerImportLimits, type CustomerImportResult, type FieldIssue } from '@redress/shared';
import { ApiError } from '../../../lib/api';
import { customersApi } from '../api';
import '../i18n';

interface Problem {
  key: string;
  line: number | null;
  field: string;
  message: string;
}

/** "rows.4.email" (a 400 when no row was valid) → line 4, field email; "header" stays a whole-file problem. */
function problemsOf(fields: FieldIssue[]): Problem[] {
  return fields.map((f, i) => {
    const m = /^rows\.(\d+)\.(.+)$/.exec(f.path);
    return { key: String(i), line: m ? Number(m[1]) : null, field: m ? m[2]! : f.path, message: f.message };
  });
}

/** Upload the business's customer value CSV and show what was created, updated and rejected. */
export function CustomerImport({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CustomerImportResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; problems: Problem[] } | null>(null);
  const sampleHref = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(`${customerCsvSample}\n`)}`, []);

  async function run() {
    const file = files[0]?.originFileObj;
    if (!file) return;
    setBusy(true);
    setResult(null);
    setFailure(null);
    try {
      setResult(await customersApi.importCsv(file));
      setFiles([]);
      onImported();
    } catch (err) {
      if (err instanceof ApiError) setFailure({ message: err.message, problems: problemsOf(err.fields) });
      else setFailure({ message: t('common.unexpected'), problems: [] });
    } finally {
      setBusy(false);
    }
  }

  const rejected: Problem[] =
    result?.rejected.flatMap((r) => r.errors.map((e, i) => ({ key: `${r.row}-${i}`, line: r.row, field: e.path, message: e.message }))) ?? [];
  const problems = failure?.problems ?? rejected;

  return (
    <Card title={t('customers.import.title')} data-testid="customer-import" size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('customers.import.hint')}
      </Typography.Paragraph>
      <Typography.Text strong style={{ fontSize: 12 }}>
        {t('customers.import.sample')}
      </Typography.Text>
      <pre data-testid="import-sample" style={{ background: '#f6f8fa', padding: 8, borderRadius: 6, fontSize: 12, overflowX: 'auto', margin: '4px 0 8px' }}>
        {customerCsvSample}
      </pre>
      <Space wrap style={{ marginBottom: 12 }}>
        <Upload
          accept=".csv,text/csv"
          maxCount={1}
          fileList={files}
          beforeUpload={(file) => (file.size > customerImportLimits.maxCsvBytes ? Upload.LIST_IGNORE : false)}
          onChange={({ fileList }) => setFiles(fileList.slice(-1))}
        >
          <Button icon={<UploadOutlined />} data-testid="import-choose">
            {t('customers.import.choose')}
          </Button>
        </Upload>
        <Button type="primary" onClick={() => void run()} disabled={files.length === 0} loading={busy} data-testid="import-run">
          {t('customers.import.run')}
        </Button>
        <Button type="link" icon={<DownloadOutlined />} href={sampleHref} download="customers-sample.csv">
          {t('customers.import.download')}
        </Button>
      </Space>
      {result && (
        <Alert
          type={result.rejectedCount ? 'warning' : 'success'}
          showIcon
          data-testid="import-result"
          message={t('customers.import.result', { created: result.created, updated: result.updated, rejected: result.rejectedCount })}
          style={{ marginBottom: 8 }}
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          data-testid="import-failed"
          message={t('customers.import.failed')}
          description={failure.message}
          style={{ marginBottom: 8 }}
        />
      )}
      {problems.length > 0 && (
        <Table<Problem>
          size="small"
          data-testid="import-rejected"
          title={() => t('customers.import.rejectedTitle')}
          rowKey="key"
          pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
          dataSource={problems}
          columns={[
            { title: t('customers.import.line'), dataIndex: 'line', width: 64, render: (l: number | null) => l ?? '–' },
            { title: t('customers.import.field'), dataIndex: 'field', width: 150 },
            { title: t('customers.import.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
}
