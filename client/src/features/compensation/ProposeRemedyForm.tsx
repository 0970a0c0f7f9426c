import { useState } from 'react';
import { App, Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { moneyRemedyTypes, remedyTypes, type RemedyType } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { compensationApi } from './api';
import './i18n';

const proposable = remedyTypes.filter((x) => x !== 'apology');

/**
 * An agent proposes any remedy (type, amount and currency where it applies, note). Within the agent's
 * limits and the budget the server approves it at once; above them it waits for a supervisor.
 */
export function ProposeRemedyForm({
  complaintId,
  defaultCurrency,
  onDone,
  onCancel,
}: {
  complaintId: string;
  defaultCurrency: string;
  onDone(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [type, setType] = useState<RemedyType>('voucher');
  const [amount, setAmount] = useState<number | null>(null);
  const [currency, setCurrency] = useState(defaultCurrency);
  const [note, setNote] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const isMoney = moneyRemedyTypes.includes(type);

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (amount === null) errs.amount = t('compensation.propose.amountRequired');
    if (isMoney && !/^[A-Z]{3}$/.test(currency)) errs.currency = t('compensation.propose.currencyRequired');
    setFieldErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const res = await compensationApi.propose(complaintId, {
        type,
        amount: amount ?? undefined,
        currency: isMoney ? currency : undefined,
        note: note.trim() || undefined,
      });
      message.success(res.autoApproved ? t('compensation.panel.requested') : t('compensation.panel.pending'));
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.fields?.length) {
        setFieldErrors(Object.fromEntries(err.fields.map((f) => [f.path.split('.').pop() ?? f.path, f.message])));
      } else message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="propose-form" style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8, marginBottom: 8 }}>
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Typography.Text strong>{t('compensation.propose.title')}</Typography.Text>
        <Space wrap align="start">
          <Select<RemedyType>
            size="small"
            style={{ width: 150 }}
            value={type}
            onChange={setType}
            aria-label={t('compensation.propose.type')}
            data-testid="propose-type"
            options={proposable.map((x) => ({ value: x, label: t(`compensation.types.${x}`) }))}
          />
          <div>
            <InputNumber
              size="small"
              min={0}
              value={amount}
              onChange={setAmount}
              placeholder={type === 'points' ? t('compensation.propose.points') : t('compensation.propose.amount')}
              aria-label={t('compensation.propose.amount')}
              data-testid="propose-amount"
              status={fieldErrors.amount ? 'error' : undefined}
            />
            {fieldErrors.amount && <div style={{ color: '#cf1322', fontSize: 12 }}>{fieldErrors.amount}</div>}
          </div>
          {isMoney && (
            <div>
              <Input
                size="small"
                style={{ width: 70 }}
                value={currency}
                maxLength={3}
                onChange={(e) => setCurrency(e.target.value.toUpperCase())}
                aria-label={t('compensation.propose.currency')}
                data-testid="propose-currency"
                status={fieldErrors.currency ? 'error' : undefined}
              />
              {fieldErrors.currency && <div style={{ color: '#cf1322', fontSize: 12 }}>{fieldErrors.currency}</div>}
            </div>
          )}
        </Space>
        <Input.TextArea
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('compensation.propose.note')}
          aria-label={t('compensation.propose.note')}
          data-testid="propose-note"
        />
        {fieldErrors.note && <div style={{ color: '#cf1322', fontSize: 12 }}>{fieldErrors.note}</div>}
        {fieldErrors.type && <div style={{ color: '#cf1322', fontSize: 12 }}>{fieldErrors.type}</div>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('compensation.propose.hint')}
        </Typography.Text>
        <Space>
          <Button size="small" type="primary" loading={busy} onClick={() => void submit()} data-testid="propose-submit">
            {t('compensation.propose.submit')}
          </Button>
          <Button size="small" onClick={onCancel}>
            {t('compensation.propose.cancel')}
          </Button>
        </Space>
      </Space>
    </div>
  );
}
