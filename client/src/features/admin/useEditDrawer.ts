import { useEffect, useRef, useState } from 'react';
import { Form, type FormInstance } from 'antd';

/**
 * State of an add/edit drawer: the form, saving and failure flags, whether the user has tried to
 * save once (validate as they type from then on), and the record shown, kept while the drawer
 * slides closed. `editing` is the record, 'new' to add one, or null when closed.
 */
export function useEditDrawer<T, V extends object>(editing: T | 'new' | null, blank: V, toForm: (record: T) => V) {
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const triedOnce = useRef(false);
  const [shown, setShown] = useState<T | 'new' | null>(editing);
  if (editing !== null && editing !== shown) setShown(editing);
  const creating = shown === 'new';
  const was = shown !== null && shown !== 'new' ? shown : null;

  useEffect(() => {
    if (!editing) return;
    triedOnce.current = false;
    setFailure(null);
    form.resetFields();
    form.setFieldsValue((editing === 'new' ? blank : toForm(editing)) as Parameters<FormInstance<V>['setFieldsValue']>[0]);
    // blank and toForm are module-level constants of the caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing, form]);

  return { form, saving, setSaving, failure, setFailure, triedOnce, creating, was };
}
