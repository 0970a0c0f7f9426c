import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '@redress/shared';
import { portalApi } from './api';

let cache: Promise<Category[]> | null = null;

/** Active complaint categories (fetched once per page load) with labels in the UI language. */
export function useCategories(): { categories: Category[]; label: (key: string) => string; error: boolean } {
  const { i18n } = useTranslation();
  const [categories, setCategories] = useState<Category[]>([]);
  const [error, setError] = useState(false);
  useEffect(() => {
    let live = true;
    cache ??= portalApi.categories().then((r) => r.items);
    cache.then(
      (items) => live && setCategories(items),
      () => {
        cache = null;
        if (live) setError(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const label = (key: string) => categories.find((c) => c.key === key)?.label[lang] ?? key.replace(/_/g, ' ');
  return { categories, label, error };
}
