import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Input, InputNumber, Progress, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BudgetScope, BudgetView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { compensationApi } from './api';
import './i18n';

const thisMonth = (): string => new Date().toISOString().slice(0, 7);

/** Monthly compensation budgets per team (team key) and per category (category key); spend is kept by approvals. */
export function BudgetsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [period, setPeriod] = useState(thisMonth);
  const [items, setItems] = useState<BudgetView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<{
    scope: BudgetScope;
    scopeKey: string;
    currency: string;
    limit: number | null;
  }>({ scope: 'team', scopeKey: '', currency: 'EUR', limit: null });

  const load = useCallback(async () => {
    try {
      setItems((await compensationApi.budgets(period)).items);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    }
  }, [period, t]);
  useEffect(() => void load(), [load]);

  const save = async (scope: BudgetScope, scopeKey: string, currency: string, limit: number | null) => {
    if (limit === null || !scopeKey.trim()) return;
    try {
      await compensationApi.saveBudgets([{ period, scope, scopeKey: scopeKey.trim(), currency: currency.trim().toUpperCase(), limit }]);
      message.success(t('compensation.budgets.saved'));
      await load();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    }
  };

  return (
    <div data-testid="budgets-page" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('compensation.budgets.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('compensation.budgets.subtitle')}</Typography.Text>
      {error && <Alert type="error" showIcon message={error} />}
      <Space>
        <Input style={{ width: 120 }} value={period} onChange={(e) => setPeriod(e.target.value)} aria-label={t('compensation.budgets.period')} />
      </Space>
      <Table<BudgetView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        columns={[
          {
            title: t('compensation.budgets.scope'),
            render: (_, b) => t(`compensation.budgets.scopes.${b.scope}`),
          },
          { title: t('compensation.budgets.key'), dataIndex: 'scopeKey' },
          { title: t('compensation.currencyBudget'), dataIndex: 'currency' },
          {
            title: t('compensation.budgets.limit'),
            render: (_, b) => (
              <InputNumber
                size="small"
                min={0}
                defaultValue={b.limit}
                addonAfter={b.currency}
                onBlur={(e) => void save(b.scope, b.scopeKey, b.currency, Number(e.target.value))}
              />
            ),
          },
          { title: t('compensation.budgets.spent'), render: (_, b) => formatMoney(b.spent, b.currency, i18n.language) },
          {
            title: t('compensation.budgets.remaining'),
            render: (_, b) => formatMoney(b.remaining, b.currency, i18n.language),
          },
          {
            title: '',
            render: (_, b) => <Progress size="small" percent={b.limit > 0 ? Math.round((b.spent / b.limit) * 100) : 0} style={{ width: 120 }} />,
          },
        ]}
      />
      <Space wrap>
        <Select<BudgetScope>
          value={draft.scope}
          style={{ width: 120 }}
          onChange={(scope) => setDraft({ ...draft, scope })}
          options={(['team', 'category'] as const).map((s) => ({
            value: s,
            label: t(`compensation.budgets.scopes.${s}`),
          }))}
        />
        <Input
          style={{ width: 180 }}
          placeholder={t('compensation.budgets.key')}
          value={draft.scopeKey}
          onChange={(e) => setDraft({ ...draft, scopeKey: e.target.value })}
        />
        <Input
          style={{ width: 80 }}
          maxLength={3}
          placeholder={t('compensation.currencyBudget')}
          aria-label={t('compensation.currencyBudget')}
          value={draft.currency}
          onChange={(e) => setDraft({ ...draft, currency: e.target.value.toUpperCase() })}
        />
        <InputNumber min={0} placeholder={t('compensation.budgets.limit')} value={draft.limit} onChange={(limit) => setDraft({ ...draft, limit })} />
        <Button type="primary" onClick={() => void save(draft.scope, draft.scopeKey, draft.currency, draft.limit)}>
          {t('compensation.budgets.add')}
        </Button>
      </Space>
    </div>
  );
}
