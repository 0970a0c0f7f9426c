import { useEffect } from 'react';

/** Set the browser tab's title ("<page> · Redress") while the page is shown. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Redress` : 'Redress';
    return () => {
      document.title = 'Redress';
    };
  }, [title]);
}
