import { Alert } from 'antd';
import type { Finding } from './model';

/** Automatic-check findings in Chinese, each naming its rule; blocking ones in red, warnings in orange. */
export function FindingList({ findings, title }: { findings: Finding[]; title?: string }) {
  if (!findings.length) return null;
  const blocking = findings.some((f) => f.severity === 'blocking');
  return (
    <Alert
      style={{ marginBottom: 12 }}
      type={blocking ? 'error' : 'warning'}
      showIcon
      title={title ?? (blocking ? '检查未通过' : '检查提示')}
      description={
        <ul className="finding-list">
          {findings.map((f, i) => (
            <li key={i} data-rule={f.rule}>
              [{f.rule}
              {f.severity === 'warning' ? ' 提示' : ''}] {f.messageZh}
            </li>
          ))}
        </ul>
      }
    />
  );
}
