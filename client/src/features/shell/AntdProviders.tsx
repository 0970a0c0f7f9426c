import { useEffect, useState, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import type { Locale } from 'antd/es/locale';
import { useTranslation } from 'react-i18next';

// antd's Chinese texts are loaded only when Chinese is the language (not on every English screen).
let zhCN: Locale | undefined;

/** Load antd's texts for `lang` (Chinese on demand); the staff pages await it before showing. */
export async function loadAntdLocale(lang: string): Promise<Locale> {
  if (lang !== 'zh') return enUS;
  zhCN ??= (await import('antd/locale/zh_CN')).default;
  return zhCN;
}

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
  const lang = i18n.language;
  const [, rerender] = useState(0);
  useEffect(() => {
    if (lang === 'zh' && !zhCN) void loadAntdLocale(lang).then(() => rerender((n) => n + 1));
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? (zhCN ?? enUS) : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
