import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { LoginInput, MeResponse } from '@redress/shared';
import { ApiError } from '../../lib/api';
import { useStore } from '../../store';
import { usePageTitle } from '../shell/usePageTitle';

/** Where a user lands after signing in when they did not ask for a page. */
function homeFor(me: MeResponse): string {
  return me.user.role === 'agent' ? '/console' : '/supervisor';
}

/** Staff sign-in. */
export function LoginPage() {
  const { t } = useTranslation();
  const signIn = useStore((s) => s.signIn);
  const me = useStore((s) => s.auth.me);
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('auth.login.title'));

  if (me) return <Navigate to={from ?? homeFor(me)} replace />;

  async function submit(values: LoginInput) {
    setBusy(true);
    setError(null);
    try {
      const signedIn = await signIn(values);
      navigate(from ?? homeFor(signedIn), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.id === 'unauthorized') setError(t('auth.login.wrong'));
      else if (err instanceof ApiError && err.id === 'rate_limited') setError(t('auth.login.rateLimited'));
      else if (err instanceof ApiError && err.id === 'account_locked') setError(t('auth.login.locked'));
      else setError(err instanceof ApiError ? err.message : t('common.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ display: 'grid', placeItems: 'center', padding: '48px 16px' }}>
      <Card style={{ width: '100%', maxWidth: 400 }} data-testid="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('auth.login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.login.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<LoginInput> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="email" label={t('auth.login.email')} rules={[{ required: true, type: 'email', message: t('auth.login.emailInvalid') }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" data-testid="login-email" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.login.password')} rules={[{ required: true, message: t('auth.login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('auth.login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
