/** Form fields of the summary editor that show the automatic-check findings of their own path beside them. */
import { Form, type FormItemProps } from 'antd';
import { createContext, useContext } from 'react';
import type { Finding } from './model';

export const FindingsContext = createContext<Finding[]>([]);

type Path = (string | number)[];

/**
 * A labelled field. `name` is relative inside a Form.List; `path` is its full path in the document,
 * which the findings name (`effectiveness.quantitative.satisfaction.statedRate`).
 */
export function Field({ path, name, ...rest }: Omit<FormItemProps, 'name'> & { path: Path; name?: Path }) {
  const findings = useContext(FindingsContext).filter((f) => f.path === path.join('.'));
  const blocking = findings.some((f) => f.severity === 'blocking');
  return (
    <Form.Item
      name={name ?? path}
      {...(findings.length
        ? {
            validateStatus: blocking ? 'error' : 'warning',
            help: <span data-finding-path={path.join('.')}>{findings.map((f) => `[${f.rule}] ${f.messageZh}`).join('；')}</span>,
          }
        : {})}
      {...rest}
    />
  );
}

/** Findings about a group (a list, a rate's figures) rather than one input, shown above it. */
export function GroupFindings({ path }: { path: string }) {
  const findings = useContext(FindingsContext).filter((f) => f.path === path);
  if (!findings.length) return null;
  return (
    <div
      className={findings.some((f) => f.severity === 'blocking') ? 'ant-form-item-explain-error' : 'ant-form-item-explain-warning'}
      style={{ marginBottom: 8 }}
      data-finding-path={path}
    >
      {findings.map((f, i) => (
        <div key={i}>
          [{f.rule}] {f.messageZh}
        </div>
      ))}
    </div>
  );
}
