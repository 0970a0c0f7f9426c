import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../../i18n';

/** English / 中文 switch; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const value: Language = i18n.language === 'zh' ? 'zh' : 'en';
  return (
    <Segmented<Language>
      size="small"
      data-testid="language-switch"
      value={value}
      onChange={(v) => void setLanguage(v)}
      options={[
        { label: <span data-testid="lang-en">English</span>, value: 'en' },
        { label: <span data-testid="lang-zh">中文</span>, value: 'zh' },
      ]}
    />
  );
}
