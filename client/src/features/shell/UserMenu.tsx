import { Avatar, Dropdown, Space, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useStore } from '../../store';

/** The signed-in staff member, their role, and sign-out. */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const me = useStore((s) => s.auth.me);
  const signOut = useStore((s) => s.signOut);
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: <Typography.Text type="secondary">{compact ? `${me.user.name} · ${me.user.email}` : me.user.email}</Typography.Text>,
          },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('auth.logout')}</span> },
        ],
        onClick: async (e) => {
          if (e.key !== 'logout') return;
          await signOut().catch(() => undefined);
          navigate('/login');
        },
      }}
    >
      <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
        <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fbf' }} />
        <span style={{ lineHeight: 1.2, display: compact ? 'none' : undefined }}>
          <Typography.Text strong data-testid="user-name">
            {me.user.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
            {t(`auth.roles.${me.user.role}`)}
          </Typography.Text>
        </span>
      </Space>
    </Dropdown>
  );
}
