import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';

interface CategoryOption {
  key: string;
  label: { en: string; zh: string };
}

let cached: Promise<CategoryOption[]> | null = null;

/** The business's categories (GET /api/categories), loaded once per page. */
export function useCategories(): CategoryOption[] {
  const [items, setItems] = useState<CategoryOption[]>([]);
  useEffect(() => {
    cached ??= api<{ items: CategoryOption[] }>('/api/categories').then((r) => r.items);
    let live = true;
    cached.then((c) => live && setItems(c)).catch(() => (cached = null));
    return () => {
      live = false;
    };
  }, []);
  return items;
}

/** Category key to its label in the UI language (the key itself until categories load). */
export function useCategoryLabel(): (key: string) => string {
  const { i18n } = useTranslation();
  const cats = useCategories();
  return (key) => {
    const c = cats.find((x) => x.key === key);
    return c ? (i18n.language === 'zh' ? c.label.zh : c.label.en) : key;
  };
}
