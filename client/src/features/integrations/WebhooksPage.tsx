import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { webhookEventTypes, type WebhookCreateInput, type WebhookEndpointView } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { usePageTitle } from '../shell/usePageTitle';
import { webhooksApi, type WebhookSettingsAnswer } from './api';
import { DeliveryLog } from './DeliveryLog';
import './i18n';

/** Admin → Webhooks: endpoints, the private-address setting, test events and each endpoint's delivery log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  usePageTitle(t('integrations.title'));
  const [items, setItems] = useState<WebhookEndpointView[] | null>(null);
  const [settings, setSettings] = useState<WebhookSettingsAnswer | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [logVersion, setLogVersion] = useState(0);
  const [form] = Form.useForm<WebhookCreateInput>();

  const load = useCallback(async () => {
    const [list, s] = await Promise.all([webhooksApi.list(), webhooksApi.settings()]);
    setItems(list.items);
    setSettings(s);
  }, []);

  useEffect(() => {
    load().catch((err: Error) => void message.error(err.message));
  }, [load]);

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      if (done) void message.success(done);
      await load();
      setLogVersion((v) => v + 1);
    } catch (err) {
      void message.error((err as Error).message);
    }
  };

  const create = async (input: WebhookCreateInput) => {
    try {
      const res = await webhooksApi.create(input);
      setCreating(false);
      form.resetFields();
      setSecret(res.secret);
      setSelected(res.endpoint.id);
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length)
        form.setFields(err.fields.map((f) => ({ name: f.path as keyof WebhookCreateInput, errors: [f.message] })));
      else void message.error((err as Error).message);
    }
  };

  const chosen = items?.find((e) => e.id === selected) ?? null;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="webhooks-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('integrations.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="webhook-add">
          {t('integrations.add')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('integrations.intro')}
      </Typography.Paragraph>
      <Card size="small">
        <Space align="start">
          <Switch
            checked={settings?.settings.allowPrivateAddresses ?? false}
            loading={!settings}
            data-testid="webhook-allow-private"
            onChange={(v) => void act(() => webhooksApi.saveSettings({ allowPrivateAddresses: v }), t('integrations.settings.saved'))}
          />
          <Space direction="vertical" size={0}>
            <Typography.Text strong>{t('integrations.settings.allowPrivate')}</Typography.Text>
            <Typography.Text type="secondary">{t('integrations.settings.allowPrivateHint')}</Typography.Text>
            {settings?.envAllowsPrivate && <Typography.Text type="warning">{t('integrations.settings.envAllows')}</Typography.Text>}
          </Space>
        </Space>
      </Card>
      <Table<WebhookEndpointView>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        data-testid="webhook-endpoints"
        rowClassName={(e) => (e.id === selected ? 'ant-table-row-selected' : '')}
        onRow={(e) => ({ onClick: () => setSelected(e.id) })}
        columns={[
          { title: t('integrations.table.url'), dataIndex: 'url', render: (u: string, e) => <Tooltip title={e.description || undefined}>{u}</Tooltip> },
          {
            title: t('integrations.table.events'),
            dataIndex: 'events',
            render: (ev: string[]) => <Tooltip title={ev.join(', ')}>{t('integrations.table.eventsCount', { count: ev.length })}</Tooltip>,
          },
          {
            title: t('integrations.table.state'),
            key: 'state',
            render: (_: unknown, e) => (
              <Space direction="vertical" size={0}>
                {e.active ? (
                  <Tag color="green">{t('integrations.state.active')}</Tag>
                ) : (
                  <Tag color={e.disabledReason ? 'red' : 'default'}>{t(e.disabledReason ? 'integrations.state.failing' : 'integrations.state.off')}</Tag>
                )}
                {e.failingSince && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {t('integrations.state.failingSince', { date: formatDateTime(e.failingSince) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('integrations.table.secret'), dataIndex: 'secretHint', render: (h: string) => <Typography.Text code>…{h}</Typography.Text> },
          {
            title: t('integrations.table.lastSuccess'),
            dataIndex: 'lastSuccessAt',
            render: (v: string | null) => (v ? formatDateTime(v) : t('integrations.table.never')),
          },
          {
            title: t('integrations.table.actions'),
            key: 'actions',
            render: (_: unknown, e) => (
              <Space wrap onClick={(ev) => ev.stopPropagation()}>
                <Button
                  size="small"
                  data-testid="webhook-test"
                  onClick={() => void act(() => webhooksApi.sendTest(e.id), t('integrations.testQueued')).then(() => setSelected(e.id))}
                >
                  {t('integrations.actions.test')}
                </Button>
                <Button size="small" onClick={() => void act(() => webhooksApi.update(e.id, { active: !e.active }))}>
                  {t(e.active ? 'integrations.actions.turnOff' : 'integrations.actions.turnOn')}
                </Button>
                <Button size="small" onClick={() => void act(async () => setSecret((await webhooksApi.rotateSecret(e.id)).secret))}>
                  {t('integrations.actions.rotate')}
                </Button>
                <Popconfirm title={t('integrations.confirmDelete')} onConfirm={() => void act(() => webhooksApi.remove(e.id))}>
                  <Button size="small" danger>
                    {t('integrations.actions.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {chosen ? (
        <DeliveryLog endpoint={chosen} version={logVersion} />
      ) : (
        items && items.length > 0 && <Alert type="info" message={t('integrations.log.pick')} />
      )}

      <Modal
        title={t('integrations.form.title')}
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('integrations.form.create')}
        width={640}
      >
        <Form<WebhookCreateInput>
          form={form}
          layout="vertical"
          initialValues={{ events: [...webhookEventTypes], active: true, description: '' }}
          onFinish={(v) => void create(v)}
        >
          <Form.Item name="url" label={t('integrations.form.url')} rules={[{ required: true }]}>
            <Input placeholder={t('integrations.form.urlPlaceholder')} data-testid="webhook-url" />
          </Form.Item>
          <Form.Item name="description" label={t('integrations.form.description')}>
            <Input />
          </Form.Item>
          <Form.Item name="events" label={t('integrations.form.events')} rules={[{ required: true }]}>
            <Checkbox.Group
              style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 4 }}
              options={webhookEventTypes.map((v) => ({ value: v, label: <Typography.Text code>{v}</Typography.Text> }))}
            />
          </Form.Item>
          <Form.Item name="active" label={t('integrations.form.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        title={t('integrations.secret.title')}
        open={secret !== null}
        closable={false}
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="webhook-secret-done">
            {t('integrations.secret.done')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('integrations.secret.once')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="webhook-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}
