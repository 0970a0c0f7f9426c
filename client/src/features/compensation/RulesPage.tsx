import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, List, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { compensationRuleSchema, type CompensationRule, type RulePreviewResult, type RuleVersionView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { applyIssues, type Issue } from '../../lib/formIssues';
import { compensationApi, formatAmount } from './api';
import './i18n';
import { useServerText } from '../../lib/serverText';
import './rules/i18n';
import { blankRule, formIssues, formToRule, ruleToForm, type RuleFormValues } from './rules/ruleForm';
import { RuleFormFields } from './rules/RuleFormFields';

const errorPrefix = 'compensation.rules.errors';

type Checked = { ok: true; rule: CompensationRule } | { ok: false; problems: string[]; issues: Issue[] };

/** Parse the editor's text and validate it with the same zod schema the server uses. */
function check(text: string, badJson: (m: string) => string): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [badJson((err as Error).message)], issues: [] };
  }
  const parsed = compensationRuleSchema.safeParse(value);
  if (parsed.success) return { ok: true, rule: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`),
    issues: parsed.error.issues,
  };
}

/** What the rule would have offered on the last 100 complaints. */
function PreviewResult({ p }: { p: RulePreviewResult }) {
  const { t, i18n } = useTranslation();
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
            render: (_, r) => formatAmount(r, i18n.language) || '—',
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
              {s.suggestions.map((x) => `${t(`compensation.types.${x.type}`)} ${formatAmount(x, i18n.language)}`).join(', ')}
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

/**
 * The supervisors' rule list and editor: a form (conditions, remedies with their amount formulas and
 * limits) and, for experts, the same rule as JSON, kept in step both ways. Preview on the last 100
 * complaints; saving adds a version.
 */
export function RulesPage() {
  const { t } = useTranslation();
  const serverText = useServerText();
  const { message } = App.useApp();
  const [rules, setRules] = useState<RuleVersionView[]>([]);
  const [text, setText] = useState('');
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [form] = Form.useForm<RuleFormValues>();
  const values = Form.useWatch([], { form, preserve: true }) as RuleFormValues | undefined;
  const triedOnce = useRef(false);
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
    triedOnce.current = false;
    form.resetFields();
    form.setFieldsValue(ruleToForm(rule));
    setText(JSON.stringify(rule, null, 2));
    setPreview(null);
  };

  // The form is the source while its tab is open: every change (typed or set by code) rewrites the JSON.
  useEffect(() => {
    if (tab !== 'form' || !values || !text) return;
    const next = JSON.stringify(formToRule(values), null, 2);
    if (next !== text) setText(next);
    // Only the form's values drive this; text is what it writes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values, tab]);

  /** Field errors on the form from schema or API issues (paths of the rule). */
  const showIssues = useCallback(
    (issues: readonly Issue[]) =>
      applyIssues(form, formIssues(issues, (form.getFieldValue('conditions') ?? []) as RuleFormValues['conditions'] & object), errorPrefix),
    [form],
  );
  useEffect(() => {
    if (triedOnce.current && checked) showIssues(checked.ok ? [] : checked.issues);
  }, [checked, showIssues]);

  /** An expert's JSON: kept as typed, and copied into the form whenever it parses. */
  const editJson = (next: string) => {
    setText(next);
    try {
      form.setFieldsValue(ruleToForm(JSON.parse(next)));
    } catch {
      // Not JSON (yet): the form keeps the last good state; the problem is listed under the editor.
    }
  };

  /** Validate before a preview or a save: show the problems on the form (or under the JSON) and refuse. */
  const ready = (): CompensationRule | null => {
    triedOnce.current = true;
    if (!checked) return null;
    if (!checked.ok) {
      const unplaced = showIssues(checked.issues);
      if (tab === 'form' && unplaced.length) message.error(unplaced.join(' '));
      return null;
    }
    showIssues([]);
    return checked.rule;
  };

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) {
        const unplaced = showIssues(err.fields.map((f) => ({ path: f.path.replace(/^rule\./, ''), message: f.message })));
        if (unplaced.length) message.error(unplaced.join(' '));
      } else message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () => {
    const rule = ready();
    return rule && run(async () => setPreview(await compensationApi.preview(rule)));
  };
  const doSave = () => {
    const rule = ready();
    return (
      rule &&
      run(async () => {
        const saved = await compensationApi.saveRule(rule);
        message.success(t('compensation.rules.saved', { version: saved.rule.version }));
        await load();
      })
    );
  };

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
              <Button size="small" onClick={() => edit(blankRule)} data-testid="rule-new">
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
          <Card size="small" title={t('compensation.rules.editor')} data-testid="rule-editor">
            <Space direction="vertical" style={{ width: '100%' }}>
              {!text && <Typography.Text type="secondary">{t('compensation.rules.form.pick')}</Typography.Text>}
              <div style={{ display: text ? undefined : 'none' }}>
                <Tabs
                  activeKey={tab}
                  onChange={(k) => setTab(k === 'json' ? 'json' : 'form')}
                  items={[
                    {
                      key: 'form',
                      label: <span data-testid="rule-tab-form">{t('compensation.rules.form.tabForm')}</span>,
                      forceRender: true,
                      children: (
                        <Form<RuleFormValues> form={form} layout="vertical" data-testid="rule-form">
                          <RuleFormFields />
                        </Form>
                      ),
                    },
                    {
                      key: 'json',
                      label: <span data-testid="rule-tab-json">{t('compensation.rules.form.tabJson')}</span>,
                      forceRender: true,
                      children: (
                        <Space direction="vertical" style={{ width: '100%' }}>
                          <Typography.Text type="secondary">{t('compensation.rules.form.jsonHint')}</Typography.Text>
                          <Input.TextArea
                            value={text}
                            onChange={(e) => editJson(e.target.value)}
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
                              data-testid="rule-json-problems"
                            />
                          )}
                        </Space>
                      ),
                    },
                  ]}
                />
              </div>
              <Space>
                <Button disabled={!text} loading={busy} onClick={() => void doPreview()} data-testid="rule-preview-button">
                  {t('compensation.rules.preview')}
                </Button>
                <Button type="primary" disabled={!text} loading={busy} onClick={() => void doSave()} data-testid="rule-save">
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
