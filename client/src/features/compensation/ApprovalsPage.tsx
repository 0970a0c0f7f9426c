import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Input, InputNumber, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { RemedyView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { compensationApi, formatAmount } from './api';
import './i18n';
import { useRemedyChanges } from './useRemedyChanges';
import { useServerText } from '../../lib/serverText';

/** Approve (the amount may be changed) or decline (a reason is required) one waiting remedy. */
function Decision({ r, onDone }: { r: RemedyView; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [amount, setAmount] = useState<number | null>(r.amount);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      setDeclining(false);
      onDone();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
      onDone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap>
      {r.type !== 'apology' && (
        <InputNumber
          size="small"
          min={0}
          value={amount}
          onChange={setAmount}
          style={{ width: 110 }}
          aria-label={t('compensation.panel.amount')}
          data-testid="approve-amount"
        />
      )}
      <Button
        size="small"
        type="primary"
        loading={busy}
        data-testid="approve"
        onClick={() => void act(() => compensationApi.approve(r.id, { amount: amount ?? undefined }), t('compensation.approvals.approved'))}
      >
        {t('compensation.approvals.approve')}
      </Button>
      <Button size="small" danger onClick={() => setDeclining(true)} data-testid="decline">
        {t('compensation.approvals.decline')}
      </Button>
      <Modal
        open={declining}
        title={t('compensation.approvals.decline')}
        okText={t('compensation.approvals.decline')}
        okButtonProps={{
          danger: true,
          disabled: reason.trim() === '',
          loading: busy,
        }}
        onOk={() => void act(() => compensationApi.decline(r.id, reason.trim()), t('compensation.approvals.declinedDone'))}
        onCancel={() => setDeclining(false)}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('compensation.approvals.reasonRequired')}
          maxLength={1000}
        />
      </Modal>
    </Space>
  );
}

/** The supervisors' approval queue: remedies above an agent's limits or the budget, live via 'remedy:changed'. */
export function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const serverText = useServerText();
  const [items, setItems] = useState<RemedyView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await compensationApi.queue('pending_approval')).items);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setLoading(false);
    }
  }, [t]);
  useEffect(() => void load(), [load]);
  useRemedyChanges(() => void load());

  return (
    <div data-testid="approvals-page" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('compensation.approvals.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('compensation.approvals.subtitle')}</Typography.Text>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<RemedyView>
        size="small"
        rowKey={(r) => `${r.id}:${r.updatedAt}`}
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('compensation.approvals.empty') }}
        columns={[
          {
            title: t('compensation.approvals.complaint'),
            render: (_, r) => <Link to={`/console?c=${r.complaintId}`}>{r.reference}</Link>,
          },
          {
            title: t('compensation.approvals.remedy'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span data-testid="queue-remedy">
                  {t(`compensation.types.${r.type}`)} {formatAmount(r, i18n.language)}
                </span>
                <Tooltip title={serverText.explanation(r.explanation, r.reason)}>
                  <Tag style={{ fontSize: 11 }}>
                    {t('compensation.panel.rule', {
                      key: r.ruleKey,
                      version: r.ruleVersion,
                    })}
                  </Tag>
                </Tooltip>
              </Space>
            ),
          },
          {
            title: t('compensation.approvals.requestedBy'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{r.requestedBy?.name ?? '—'}</span>
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {r.requestedAt ? formatDateTime(r.requestedAt) : ''}
                </Typography.Text>
                {r.requestNote && <Typography.Text style={{ fontSize: 12 }}>“{r.requestNote}”</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('compensation.approvals.why'),
            render: (_, r) => (r.approvalReason ? <Tag color="orange">{t(`compensation.approvalReason.${r.approvalReason}`)}</Tag> : null),
          },
          {
            title: '',
            render: (_, r) => <Decision r={r} onDone={() => void load()} />,
          },
        ]}
      />
    </div>
  );
}
