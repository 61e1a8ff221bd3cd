import { Form, Select } from 'antd';
import type { ReactNode } from 'react';

/**
 * One filter of a list: a visible label tied to its select (every input is labelled, also at
 * 390 px), cleared back to "all". Lists put these in an inline `Form` with `className="report-filters"`.
 */
export function FilterSelect<V extends string | number>(props: {
  id: string;
  label: string;
  /** What an empty filter means, e.g. 全部部门. */
  placeholder: string;
  value: V | undefined;
  onChange: (value: V | undefined) => void;
  options: Array<{ value: V; label: ReactNode }>;
  width?: number;
  tooltip?: string;
}) {
  const { id, label, placeholder, value, onChange, options, width = 140, tooltip } = props;
  return (
    <Form.Item label={label} htmlFor={id} tooltip={tooltip}>
      <Select<V>
        id={id}
        aria-label={label}
        placeholder={placeholder}
        allowClear
        style={{ width }}
        value={value}
        onChange={(v?: V) => onChange(v)}
        options={options}
      />
    </Form.Item>
  );
}
