import { Alert, App, Button, Drawer, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createTeamSchema, routingStrategyNames, updateTeamSchema, type CreateTeamInput, type TeamView, type UpdateTeamInput } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { serverIssues } from '../../lib/formErrors';
import { useCategories } from '../portal/useCategories';
import { adminApi } from './api';
import './i18n';
import { useEditDrawer } from './useEditDrawer';
import { blankTeam, formFieldErrors, teamFields, teamToForm, toTeamInput, unplaced, type TeamFormValues } from './staffForm';

const prefix = 'admin.teams.errors';

export interface TeamDrawerProps {
  /** The team being edited, 'new' to add one, or null when closed. */
  editing: TeamView | 'new' | null;
  onClose(): void;
  onSaved(team: TeamView): void;
}

/** Add or edit a team: its key, the categories routed to it, senior (escalations) and strategy. */
export function TeamDrawer({ editing, onClose, onSaved }: TeamDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { categories, label } = useCategories();
  const { form, saving, setSaving, failure, setFailure, triedOnce, creating, was } = useEditDrawer<TeamView, TeamFormValues>(editing, blankTeam, teamToForm);

  function validate(values: TeamFormValues) {
    const body = toTeamInput(values, !was);
    const parsed = was ? updateTeamSchema.safeParse(body) : createTeamSchema.safeParse(body);
    form.setFields(formFieldErrors<TeamFormValues>(parsed.success ? [] : parsed.error.issues, prefix, teamFields));
    return parsed;
  }

  async function save() {
    triedOnce.current = true;
    setFailure(null);
    const parsed = validate(form.getFieldsValue(true) as TeamFormValues);
    if (!parsed.success) return;
    setSaving(true);
    try {
      const { team } = was ? await adminApi.updateTeam(was.id, parsed.data as UpdateTeamInput) : await adminApi.createTeam(parsed.data as CreateTeamInput);
      message.success(t(was ? 'admin.teams.saved' : 'admin.teams.created', { name: team.name }));
      onSaved(team);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        const issues = serverIssues(err.fields);
        form.setFields(formFieldErrors<TeamFormValues>(issues, prefix, teamFields));
        const rest = unplaced(issues, teamFields);
        if (rest.length) setFailure(rest.join(' '));
      } else if (err instanceof ApiError && err.id === 'conflict') {
        form.setFields([{ name: 'key', errors: [t('admin.teams.keyTaken')] }]);
      } else setFailure(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      width={520}
      title={creating ? t('admin.teams.addTitle') : t('admin.teams.editTitle', { name: was?.name ?? '' })}
      forceRender
      data-testid="team-drawer"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('admin.form.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="team-save">
            {creating ? t('admin.form.create') : t('admin.form.save')}
          </Button>
        </Space>
      }
    >
      <Form<TeamFormValues>
        form={form}
        layout="vertical"
        onFinish={() => void save()}
        onValuesChange={(_, all) => triedOnce.current && validate(all)}
        data-testid="team-form"
      >
        <Form.Item name="key" label={t('admin.teams.key')} required={creating} extra={t('admin.teams.keyHint')}>
          <Input maxLength={40} disabled={!creating} autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="team-field-key" />
        </Form.Item>
        <Form.Item name="name" label={t('admin.teams.name')} required>
          <Input maxLength={80} autoComplete="off" data-testid="team-field-name" />
        </Form.Item>
        <Form.Item name="categories" label={t('admin.teams.categories')} extra={t('admin.teams.categoriesHint')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            placeholder={t('admin.teams.allCategories')}
            options={categories.map((c) => ({ value: c.key, label: label(c.key) }))}
            data-testid="team-field-categories"
          />
        </Form.Item>
        <Form.Item name="senior" label={t('admin.teams.senior')} valuePropName="checked" extra={t('admin.teams.seniorHint')}>
          <Switch data-testid="team-field-senior" />
        </Form.Item>
        <Form.Item name="routingStrategy" label={t('admin.teams.routingStrategy')}>
          <Radio.Group data-testid="team-field-strategy" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {routingStrategyNames.map((s) => (
              <Radio key={s} value={s} data-testid={`team-field-strategy-${s}`}>
                <div>{t(`admin.teams.strategies.${s}`)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t(`admin.teams.strategyHints.${s}`)}
                </Typography.Text>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {failure && <Alert type="error" showIcon message={failure} data-testid="team-form-error" />}
      </Form>
    </Drawer>
  );
}
