import { useEffect } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useTranslation } from 'react-i18next';
import { RouterProvider, createBrowserRouter } from 'react-router-dom';
import { buildRoutes } from './routes';
import { useStore } from './store';

dayjs.extend(relativeTime);

const router = createBrowserRouter(buildRoutes());

/**
 * The router, the signed-in user, dayjs following the i18n language. No antd here: it is in every
 * page's first download; antd's providers wrap the pages that use antd (features/shell/AntdProviders).
 */
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

  return <RouterProvider router={router} />;
}
