import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../../i18n';

const options: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'zh', label: '中文' },
];

/** English / 中文 switch; the choice is remembered in localStorage. Plain HTML: the public pages show it too. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const value: Language = i18n.language === 'zh' ? 'zh' : 'en';
  return (
    <div className="rd-segmented" role="group" aria-label="Language" data-testid="language-switch">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className={o.value === value ? 'rd-segmented-item rd-segmented-on' : 'rd-segmented-item'}
          aria-pressed={o.value === value}
          onClick={() => void setLanguage(o.value)}
          data-testid={`lang-${o.value}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
