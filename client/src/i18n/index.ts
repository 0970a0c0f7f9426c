import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zh from './zh.json';

/** The UI languages; complaint language and email language follow the same codes. */
export const languages = ['en', 'zh'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'redress.lang';

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // Storage can be disabled (private mode); fall back to the browser language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The current UI language, narrowed to the ones we ship. */
export function currentLanguage(): Language {
  return i18n.language === 'zh' ? 'zh' : 'en';
}

/** Switch the UI language and remember it for the next visit. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the switch still applies to this tab.
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  await i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  // React escapes text itself; i18next must not double-escape.
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = currentLanguage() === 'zh' ? 'zh-CN' : 'en';

export { i18n };
