import { useEffect, useMemo } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useTranslation } from 'react-i18next';
import { RouterProvider, createBrowserRouter } from 'react-router-dom';
import { buildRoutes } from './routes';
import { useStore } from './store';

dayjs.extend(relativeTime);

const router = createBrowserRouter(buildRoutes());

/** Providers: antd theme and locale (following the i18n language), antd App context, router. */
export function App() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const loadMe = useStore((s) => s.loadMe);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);

  const theme = useMemo(
    () => ({
      token: {
        colorPrimary: '#1f5fbf',
        borderRadius: 6,
        fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Microsoft YaHei', sans-serif",
      },
      components: { Layout: { headerBg: '#ffffff', headerPadding: '0 24px', bodyBg: '#f4f6f9' } },
    }),
    [],
  );

  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}
