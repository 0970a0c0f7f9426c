import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

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
  await loadLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  await i18n.changeLanguage(lang);
}

// English is built in (it is also the fallback); Chinese is its own chunk, downloaded only when
// it is the language (client size budget, test/e2e/clientSize.e2e.test.ts).
const loaders: Record<Language, () => Promise<object | undefined>> = {
  en: () => Promise.resolve(undefined),
  zh: () => import('./zh.json').then((m) => m.default),
};
const loaded: Partial<Record<Language, Promise<void>>> = { en: Promise.resolve() };

/** Make sure the texts of `lang` are registered (downloads them the first time). */
export function loadLanguage(lang: Language): Promise<void> {
  loaded[lang] ??= loaders[lang]().then((texts) => {
    // Deep, without overwriting: feature texts (sla/i18n.ts...) may already be registered.
    if (texts) i18n.addResourceBundle(lang, 'translation', texts, true, false);
  });
  return loaded[lang];
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  // React escapes text itself; i18next must not double-escape.
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = currentLanguage() === 'zh' ? 'zh-CN' : 'en';

/** Resolves once the first language's texts are in (main.tsx renders after it). */
export const i18nReady: Promise<void> = loadLanguage(currentLanguage());

export { i18n };
