import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Card, Empty, Input, InputNumber, List, Space, Tag, Tooltip, Typography } from 'antd';
import { GiftOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RemedyStatus, RemedyView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { compensationApi, formatAmount } from './api';
import './i18n';
import { ProposeRemedyForm } from './ProposeRemedyForm';
import { useRemedyChanges } from './useRemedyChanges';
import { useServerText } from '../../lib/serverText';

const statusColor: Record<RemedyStatus, string> = {
  suggested: 'blue',
  pending_approval: 'orange',
  approved: 'green',
  declined: 'default',
  issued: 'purple',
};

/** Status tag of a remedy. */
export function RemedyStatusTag({ status }: { status: RemedyStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[status]} data-testid={`remedy-status-${status}`}>
      {t(`compensation.status.${status}`)}
    </Tag>
  );
}

/** One remedy with its reason, rule version and the next step the agent can take. */
function RemedyItem({ r, onChanged }: { r: RemedyView; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [amount, setAmount] = useState<number | null>(r.amount);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const money = r.type !== 'apology';
  const why = useServerText().explanation(r.explanation, r.reason);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    try {
      message.success(await fn());
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  };
  const request = () =>
    run(async () => {
      const res = await compensationApi.request(r.id, {
        amount: money && amount !== null ? amount : undefined,
        note: note.trim() || undefined,
      });
      return res.autoApproved ? t('compensation.panel.requested') : t('compensation.panel.pending');
    });
  const issue = () =>
    run(async () => {
      await compensationApi.issue(r.id);
      return t('compensation.panel.issued');
    });

  return (
    <List.Item data-testid={`remedy-${r.type}`}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{t(`compensation.types.${r.type}`)}</Typography.Text>
          {money && <Typography.Text data-testid="remedy-amount">{formatAmount(r, i18n.language)}</Typography.Text>}
          <RemedyStatusTag status={r.status} />
          {r.fulfilment && (
            <Tooltip title={r.fulfilment.reference ?? r.fulfilment.note ?? undefined}>
              <Tag
                color={r.fulfilment.status === 'fulfilled' ? 'green' : r.fulfilment.status === 'failed' ? 'red' : 'gold'}
                data-testid={`remedy-fulfilment-${r.fulfilment.status}`}
              >
                {t(`compensation.fulfilment.${r.fulfilment.status}`)}
              </Tag>
            </Tooltip>
          )}
          <Tooltip title={why}>
            <Tag>
              {t('compensation.panel.rule', {
                key: r.ruleKey,
                version: r.ruleVersion,
              })}
            </Tag>
          </Tooltip>
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, expandable: true }} data-testid="remedy-reason">
          {r.ruleKey === 'agent_proposal' ? t('compensation.propose.proposedBy', { name: r.requestedBy?.name ?? '' }) : why}
        </Typography.Paragraph>
        {r.status === 'suggested' && r.type !== 'apology' && (
          <Space wrap>
            {money && (
              <InputNumber
                size="small"
                min={0}
                value={amount}
                onChange={setAmount}
                addonAfter={r.type === 'points' ? 'pts' : (r.currency ?? undefined)}
                aria-label={t('compensation.panel.amount')}
              />
            )}
            <Input
              size="small"
              style={{ width: 200 }}
              placeholder={t('compensation.panel.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={1000}
            />
            <Button size="small" type="primary" loading={busy} onClick={() => void request()} data-testid="remedy-request">
              {t('compensation.panel.request')}
            </Button>
          </Space>
        )}
        {r.status === 'pending_approval' && r.approvalReason && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('compensation.panel.waiting', {
              why: t(`compensation.approvalReason.${r.approvalReason}`),
            })}
          </Typography.Text>
        )}
        {r.status === 'approved' && r.type !== 'apology' && (
          <Button size="small" type="primary" icon={<GiftOutlined />} loading={busy} onClick={() => void issue()} data-testid="remedy-issue">
            {t('compensation.panel.issue')}
          </Button>
        )}
        {r.status === 'declined' && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('compensation.panel.declined', {
              name: r.decidedBy?.name ?? '',
              reason: r.decisionReason ?? '',
            })}
          </Typography.Text>
        )}
        {r.voucher && (
          <Typography.Text copyable={{ text: r.voucher.code }} style={{ fontSize: 12 }} data-testid="remedy-voucher-code">
            {t('compensation.panel.voucher', {
              code: r.voucher.code,
              date: formatDate(r.voucher.expiresAt),
            })}
          </Typography.Text>
        )}
      </Space>
    </List.Item>
  );
}

/** The remedies of a complaint in the console: suggestions with reason and rule version, and their status. */
export function RemediesPanel({ complaintId }: { complaintId: string }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<RemedyView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const { message } = App.useApp();

  const load = useCallback(async () => {
    try {
      setItems((await compensationApi.remedies(complaintId)).items);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setLoading(false);
    }
  }, [complaintId, t]);

  useEffect(() => {
    setLoading(true);
    void load();
  }, [load]);
  useRemedyChanges(() => void load(), complaintId);

  const evaluate = async () => {
    setLoading(true);
    try {
      setItems((await compensationApi.suggest(complaintId)).items);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setLoading(false);
    }
  };

  /** One request; a second click while it runs does nothing (and the server would answer it with the same apology). */
  const sendApology = async () => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    try {
      await compensationApi.sendApology(complaintId);
      message.success(t('compensation.propose.apologySent'));
      await load();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };
  const apology = items.find((r) => r.type === 'apology');
  const apologySent = apology?.status === 'issued';
  const defaultCurrency = items.find((r) => r.currency)?.currency ?? 'EUR';

  return (
    <Card
      size="small"
      title={t('compensation.panel.title')}
      data-testid="remedies-panel"
      extra={
        <Space size={4}>
          <Button size="small" icon={<PlusOutlined />} onClick={() => setProposing((v) => !v)} data-testid="remedy-propose-open">
            {t('compensation.propose.open')}
          </Button>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void evaluate()} loading={loading}>
            {t('compensation.panel.suggest')}
          </Button>
        </Space>
      }
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {/* One action for the apology (request + issue on the server, idempotent); it also completes one left approved but unsent. */}
      <Space style={{ marginBottom: 8 }} wrap>
        <Button
          size="small"
          type={apologySent ? 'default' : 'primary'}
          disabled={apologySent || apology?.status === 'declined'}
          loading={sending}
          onClick={() => void sendApology()}
          data-testid="send-apology"
        >
          {apologySent ? t('compensation.propose.apologyDone') : t('compensation.panel.sendApology')}
        </Button>
      </Space>
      {proposing && (
        <ProposeRemedyForm
          complaintId={complaintId}
          defaultCurrency={defaultCurrency}
          onDone={() => {
            setProposing(false);
            void load();
          }}
          onCancel={() => setProposing(false)}
        />
      )}
      {items.length === 0 && !loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compensation.panel.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          rowKey="id"
          renderItem={(r) => <RemedyItem key={`${r.id}:${r.updatedAt}`} r={r} onChanged={() => void load()} />}
        />
      )}
    </Card>
  );
}
