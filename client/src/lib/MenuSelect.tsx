import type { CSSProperties, ReactNode } from 'react';
import { Button, Dropdown } from 'antd';

export interface MenuSelectOption<V extends string> {
  value: V;
  label: ReactNode;
}

/**
 * A light single-choice picker: a button showing the choice, its options in a dropdown menu.
 * Used on the console's first screen (filters, availability) instead of antd's Select, which with
 * its virtual list and search brings ~26 KB gzip; Dropdown and Menu are in the staff frame anyway.
 * `allowClear` adds a first item that clears the choice (the placeholder shows again).
 */
export function MenuSelect<V extends string>({
  value,
  options,
  onChange,
  placeholder,
  allowClear,
  clearLabel,
  size,
  style,
  ...rest
}: {
  value?: V;
  options: MenuSelectOption<V>[];
  onChange(value: V | undefined): void;
  placeholder?: ReactNode;
  allowClear?: boolean;
  clearLabel?: ReactNode;
  size?: 'small' | 'middle';
  style?: CSSProperties;
  'data-testid'?: string;
  'aria-label'?: string;
}) {
  const current = options.find((o) => o.value === value);
  const CLEAR = '\u0000clear';
  const items = [
    ...(allowClear && current ? [{ key: CLEAR, label: clearLabel ?? '×' }, { type: 'divider' as const }] : []),
    ...options.map((o) => ({ key: o.value, label: o.label })),
  ];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items,
        selectable: true,
        selectedKeys: current ? [current.value] : [],
        onClick: ({ key }) => onChange(key === CLEAR ? undefined : (key as V)),
      }}
    >
      <Button size={size} style={{ textAlign: 'start', overflow: 'hidden', ...style }} {...rest}>
        <span className={current ? 'rd-menuselect-value' : 'rd-menuselect-placeholder'}>{current ? current.label : placeholder}</span>
        <span aria-hidden className="rd-menuselect-arrow">
          ▾
        </span>
      </Button>
    </Dropdown>
  );
}
