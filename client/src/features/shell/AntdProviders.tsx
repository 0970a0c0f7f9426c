import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';

const theme = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Microsoft YaHei', sans-serif",
  },
  components: { Layout: { headerBg: '#ffffff', headerPadding: '0 24px', bodyBg: '#f4f6f9' } },
};

/**
 * antd's theme and locale (following the i18n language) and its App context (message, modal).
 * Only pages built with antd load this (routes.tsx `page(..., { antd: true })`, the staff
 * layout): the customer's pages are plain React and never download antd.
 */
export function AntdProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
