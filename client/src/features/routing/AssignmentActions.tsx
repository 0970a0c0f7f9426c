import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { toFieldErrors } from '../../lib/formErrors';
import type { ComplaintDetail } from '../console/api';
import { routingApi } from './api';
import './i18n';

type Dialog = 'handBack' | 'escalate' | 'reassign' | null;
type FormValues = { reason: string; agentId?: string };

/** Take, hand back, reassign or escalate a complaint; the buttons follow the server's abilities. */
export function AssignmentActions({ complaint, onChanged }: { complaint: ComplaintDetail; onChanged(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [agents, setAgents] = useState<MeResponse['user'][]>([]);
  const [form] = Form.useForm<FormValues>();
  const c = complaint;
  const open = !['resolved', 'closed'].includes(c.status);
  if (!open) return null;

  async function run(fn: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      setDialog(null);
      form.resetFields();
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) form.setFields(toFieldErrors<FormValues>(err.fields, 'routing.fields', ['reason', 'agentId']));
      else message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  async function openReassign() {
    setDialog('reassign');
    try {
      const { items } = await routingApi.agents();
      setAgents(items.filter((a) => c.teamId && a.teamIds.includes(c.teamId)));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unexpected'));
    }
  }

  async function submit() {
    const v = await form.validateFields();
    if (dialog === 'handBack') await run(() => routingApi.handBack(c.id, v.reason), t('routing.actions.handedBack'));
    if (dialog === 'escalate') await run(() => routingApi.escalate(c.id, v.reason), t('routing.actions.escalated'));
    if (dialog === 'reassign' && v.agentId) {
      const name = agents.find((a) => a.id === v.agentId)?.name ?? '';
      await run(() => routingApi.assign(c.id, v.agentId!, v.reason || undefined), t('routing.actions.reassigned', { name }));
    }
  }

  const titleKey = { handBack: 'routing.actions.handBackTitle', escalate: 'routing.actions.escalateTitle', reassign: 'routing.actions.reassignTitle' } as const;
  return (
    <Space wrap size={6} data-testid="assignment-actions">
      {c.abilities.claim && !c.assigneeId && (
        <Button
          size="small"
          type="primary"
          loading={busy}
          onClick={() => void run(() => routingApi.claim(c.id), t('routing.actions.claimed'))}
          data-testid="action-claim"
        >
          {t('routing.actions.claim')}
        </Button>
      )}
      {c.abilities.handBack && (
        <Button size="small" onClick={() => setDialog('handBack')} data-testid="action-handback">
          {t('routing.actions.handBack')}
        </Button>
      )}
      {c.abilities.reassign && (
        <Button size="small" onClick={() => void openReassign()} data-testid="action-reassign">
          {t('routing.actions.reassign')}
        </Button>
      )}
      {c.abilities.update && (
        <Button size="small" danger onClick={() => setDialog('escalate')} data-testid="action-escalate">
          {t('routing.actions.escalate')}
        </Button>
      )}
      <Modal
        open={dialog !== null}
        title={dialog ? t(titleKey[dialog], { reference: c.reference }) : ''}
        okText={t('routing.actions.submit')}
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        {dialog === 'handBack' && <p style={{ color: '#595959' }}>{t('routing.actions.handBackHint')}</p>}
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'reassign' && (
            <Form.Item name="agentId" label={t('routing.actions.agent')} rules={[{ required: true, message: t('routing.actions.agent') }]}>
              <Select
                data-testid="reassign-agent"
                options={agents.map((a) => ({
                  value: a.id,
                  label: `${a.name} · ${t(`routing.availability.${a.availability}`)} · ${t('routing.actions.load', { open: a.openCount, capacity: a.capacity })}`,
                  disabled: a.id === c.assigneeId || a.openCount >= a.capacity,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={t('routing.actions.reason')}
            rules={dialog === 'reassign' ? [] : [{ required: true, min: 3, message: t('routing.actions.reasonPlaceholder') }]}
          >
            <Input.TextArea rows={3} maxLength={500} placeholder={t('routing.actions.reasonPlaceholder')} data-testid="action-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
