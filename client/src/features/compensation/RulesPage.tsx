import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Input, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { compensationRuleSchema, type CompensationRule, type RulePreviewResult, type RuleVersionView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { compensationApi, formatAmount } from './api';
import './i18n';
import { useServerText } from '../../lib/serverText';

const blankRule: CompensationRule = {
  key: 'new_rule',
  name: 'New rule',
  description: '',
  priority: 500,
  active: true,
  conditions: {},
  remedies: [{ type: 'apology', amount: { base: { kind: 'none' } } }],
};

type Checked = { ok: true; rule: CompensationRule } | { ok: false; problems: string[] };

/** Parse the editor's text and validate it with the same zod schema the server uses. */
function check(text: string, badJson: (m: string) => string): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [badJson((err as Error).message)] };
  }
  const parsed = compensationRuleSchema.safeParse(value);
  if (parsed.success) return { ok: true, rule: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`),
  };
}

/** What the rule would have offered on the last 100 complaints. */
function PreviewResult({ p }: { p: RulePreviewResult }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rule-preview">
      <Typography.Text strong>
        {t('compensation.rules.previewSummary', {
          matched: p.matched,
          considered: p.considered,
        })}
      </Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => `${r.type}:${r.currency ?? ''}`}
        dataSource={p.totals}
        columns={[
          {
            title: t('compensation.approvals.remedy'),
            render: (_, r) => t(`compensation.types.${r.type}`),
          },
          { title: t('compensation.rules.count'), dataIndex: 'count' },
          {
            title: t('compensation.rules.total'),
            render: (_, r) => formatAmount(r) || '—',
          },
        ]}
      />
      {p.samples.length > 0 && (
        <List
          size="small"
          header={t('compensation.rules.samples')}
          dataSource={p.samples}
          renderItem={(s) => (
            <List.Item>
              <Typography.Text code>{s.reference}</Typography.Text>{' '}
              {s.suggestions.map((x) => `${t(`compensation.types.${x.type}`)} ${formatAmount(x)}`).join(', ')}
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

/** The supervisors' rule list and JSON editor, with a preview on the last 100 complaints; saving adds a version. */
export function RulesPage() {
  const { t } = useTranslation();
  const serverText = useServerText();
  const { message } = App.useApp();
  const [rules, setRules] = useState<RuleVersionView[]>([]);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<RulePreviewResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRules((await compensationApi.rules()).items);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    }
  }, [t]);
  useEffect(() => void load(), [load]);

  const checked = useMemo(() => (text ? check(text, (m) => t('compensation.rules.badJson', { message: m })) : null), [text, t]);
  const edit = (rule: CompensationRule) => {
    setText(JSON.stringify(rule, null, 2));
    setPreview(null);
  };

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      message.error(err instanceof ApiError ? [err.message, ...err.fields.map((f) => `${f.path}: ${f.message}`)].join(' — ') : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () => checked?.ok && run(async () => setPreview(await compensationApi.preview(checked.rule)));
  const doSave = () =>
    checked?.ok &&
    run(async () => {
      const saved = await compensationApi.saveRule(checked.rule);
      message.success(t('compensation.rules.saved', { version: saved.rule.version }));
      await load();
    });

  return (
    <div data-testid="rules-page" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('compensation.rules.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('compensation.rules.subtitle')}</Typography.Text>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={11}>
          <Card
            size="small"
            extra={
              <Button size="small" onClick={() => edit(blankRule)}>
                {t('compensation.rules.new')}
              </Button>
            }
          >
            <Table<RuleVersionView>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={rules}
              columns={[
                {
                  title: t('compensation.rules.priority'),
                  render: (_, r) => r.rule.priority,
                  width: 70,
                },
                {
                  title: t('compensation.rules.name'),
                  render: (_, r) => <span title={r.rule.description}>{serverText.name('remedyRule', r.rule.name, r.rule.key)}</span>,
                },
                {
                  title: t('compensation.rules.version'),
                  render: (_, r) => `v${r.version}`,
                  width: 70,
                },
                {
                  title: t('compensation.rules.active'),
                  render: (_, r) => (r.active ? <Tag color="green">{t('compensation.rules.active')}</Tag> : <Tag>{t('compensation.rules.inactive')}</Tag>),
                  width: 80,
                },
                {
                  title: '',
                  render: (_, r) => (
                    <Button size="small" onClick={() => edit(r.rule)}>
                      {t('compensation.rules.edit')}
                    </Button>
                  ),
                  width: 70,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          <Card size="small" title={t('compensation.rules.editor')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                value={text}
                onChange={(e) => setText(e.target.value)}
                autoSize={{ minRows: 12, maxRows: 28 }}
                style={{ fontFamily: 'monospace', fontSize: 12 }}
                data-testid="rule-json"
                spellCheck={false}
              />
              {checked && !checked.ok && (
                <Alert
                  type="warning"
                  showIcon
                  message={t('compensation.rules.invalid')}
                  description={
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {checked.problems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  }
                />
              )}
              <Space>
                <Button disabled={!checked?.ok} loading={busy} onClick={() => void doPreview()} data-testid="rule-preview-button">
                  {t('compensation.rules.preview')}
                </Button>
                <Button type="primary" disabled={!checked?.ok} loading={busy} onClick={() => void doSave()} data-testid="rule-save">
                  {t('compensation.rules.save')}
                </Button>
              </Space>
              {preview && <PreviewResult p={preview} />}
            </Space>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
