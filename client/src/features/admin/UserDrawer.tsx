import { Alert, App, Button, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createUserSchema, roles, updateUserSchema, type CreateUserInput, type StaffUserView, type TeamView, type UpdateUserInput } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { serverIssues } from '../../lib/formErrors';
import { useCategories } from '../portal/useCategories';
import { adminApi } from './api';
import './i18n';
import { useEditDrawer } from './useEditDrawer';
import { blankUser, formFieldErrors, toCreateUser, toUpdateUser, unplaced, userFields, userToForm, type UserFormValues } from './staffForm';

const prefix = 'admin.users.errors';

export interface UserDrawerProps {
  /** The account being edited, 'new' to add one, or null when closed. */
  editing: StaffUserView | 'new' | null;
  teams: TeamView[];
  onClose(): void;
  onSaved(user: StaffUserView): void;
}

/** Add or edit a staff account, validated by the API's own schemas before it is sent. */
export function UserDrawer({ editing, teams, onClose, onSaved }: UserDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { categories, label } = useCategories();
  const { form, saving, setSaving, failure, setFailure, triedOnce, creating, was } = useEditDrawer<StaffUserView, UserFormValues>(
    editing,
    blankUser,
    userToForm,
  );

  function validate(values: UserFormValues) {
    const parsed = was ? updateUserSchema.safeParse(toUpdateUser(values, was)) : createUserSchema.safeParse(toCreateUser(values));
    form.setFields(formFieldErrors<UserFormValues>(parsed.success ? [] : parsed.error.issues, prefix, userFields));
    return parsed;
  }

  async function save() {
    triedOnce.current = true;
    setFailure(null);
    const parsed = validate(form.getFieldsValue(true) as UserFormValues);
    if (!parsed.success) return;
    if (was && Object.keys(parsed.data).length === 0) {
      setFailure(t('admin.form.nothingChanged'));
      return;
    }
    setSaving(true);
    try {
      const { user } = was ? await adminApi.updateUser(was.id, parsed.data as UpdateUserInput) : await adminApi.createUser(parsed.data as CreateUserInput);
      message.success(t(was ? 'admin.users.saved' : 'admin.users.created', { name: user.name }));
      onSaved(user);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        const issues = serverIssues(err.fields);
        form.setFields(formFieldErrors<UserFormValues>(issues, prefix, userFields));
        const rest = unplaced(issues, userFields);
        if (rest.length) setFailure(rest.join(' '));
      } else if (err instanceof ApiError && err.id === 'conflict') {
        form.setFields([{ name: 'email', errors: [t('admin.users.emailTaken')] }]);
      } else setFailure(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setSaving(false);
    }
  }

  const half = { xs: 24, sm: 12 };
  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      width={560}
      title={creating ? t('admin.users.addTitle') : t('admin.users.editTitle', { name: was?.name ?? '' })}
      forceRender
      data-testid="user-drawer"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('admin.form.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="user-save">
            {creating ? t('admin.form.create') : t('admin.form.save')}
          </Button>
        </Space>
      }
    >
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        requiredMark
        onFinish={() => void save()}
        onValuesChange={(_, all) => triedOnce.current && validate(all)}
        data-testid="user-form"
        scrollToFirstError
      >
        <Divider orientation="start" orientationMargin={0} plain style={{ marginTop: 0 }}>
          {t('admin.users.sections.account')}
        </Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="name" label={t('admin.users.name')} required>
              <Input maxLength={120} autoComplete="off" data-testid="user-field-name" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="email" label={t('admin.users.email')} required={creating} extra={creating ? undefined : t('admin.users.emailFixed')}>
              <Input type="email" disabled={!creating} autoComplete="off" data-testid="user-field-email" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="role" label={t('admin.users.role')} required extra={creating ? undefined : t('admin.users.roleHint')}>
              <Select options={roles.map((r) => ({ value: r, label: t(`auth.roles.${r}`) }))} data-testid="user-field-role" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="password"
              label={creating ? t('admin.users.password') : t('admin.users.newPassword')}
              required={creating}
              extra={creating ? t('admin.users.passwordHint') : t('admin.users.newPasswordHint')}
            >
              <Input.Password autoComplete="new-password" maxLength={200} data-testid="user-field-password" />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="start" orientationMargin={0} plain>
          {t('admin.users.sections.routing')}
        </Divider>
        <Form.Item name="teamIds" label={t('admin.users.teams')} extra={t('admin.users.teamsHint')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={teams.map((tm) => ({ value: tm.id, label: tm.name }))}
            data-testid="user-field-teams"
          />
        </Form.Item>
        <Form.Item name={['skills', 'categories']} label={t('admin.users.categories')} extra={t('admin.users.categoriesHint')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            placeholder={t('admin.users.generalist')}
            options={categories.map((c) => ({ value: c.key, label: label(c.key) }))}
            data-testid="user-field-categories"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name={['skills', 'languages']} label={t('admin.users.languagesField')} extra={t('admin.users.languagesHint')}>
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                options={(['en', 'zh'] as const).map((l) => ({ value: l, label: t(`admin.users.languages.${l}`) }))}
                data-testid="user-field-languages"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="capacity" label={t('admin.users.capacityField')} required extra={t('admin.users.capacityHint')}>
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} data-testid="user-field-capacity" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="senior" label={t('admin.users.senior')} valuePropName="checked" extra={t('admin.users.seniorHint')}>
          <Switch data-testid="user-field-senior" />
        </Form.Item>

        <Divider orientation="start" orientationMargin={0} plain>
          {t('admin.users.sections.limits')}
        </Divider>
        <Form.Item name="notifyByEmail" label={t('admin.users.notifyByEmail')} valuePropName="checked" extra={t('admin.users.notifyByEmailHint')}>
          <Switch data-testid="user-field-notify" />
        </Form.Item>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name={['remedyLimits', 'perRemedy']} label={t('admin.users.perRemedy')} required>
              <InputNumber min={0} max={100_000} style={{ width: '100%' }} data-testid="user-field-limit-remedy" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name={['remedyLimits', 'perDay']} label={t('admin.users.perDay')} required>
              <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} data-testid="user-field-limit-day" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12, fontSize: 13 }}>
          {t('admin.users.limitsHint')}
        </Typography.Paragraph>
        {!creating && (
          <Form.Item name="active" label={t('admin.users.active')} valuePropName="checked" extra={t('admin.users.activeHint')}>
            <Switch data-testid="user-field-active" />
          </Form.Item>
        )}
        {failure && <Alert type="error" showIcon message={failure} data-testid="user-form-error" />}
      </Form>
    </Drawer>
  );
}
