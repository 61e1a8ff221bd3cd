import { Empty, Pagination } from 'antd';
import type { ReactNode } from 'react';

/** A bordered list of rows with a header, an empty state and optional pagination (antd's List is deprecated in 6.6). */
export function Rows<T>({
  items,
  rowKey,
  render,
  header,
  empty,
  className,
  pagination,
}: {
  items: T[];
  rowKey: (item: T) => string;
  render: (item: T) => ReactNode;
  header?: ReactNode;
  empty?: ReactNode;
  className?: string;
  pagination?: { current: number; pageSize: number; total: number; onChange: (page: number) => void };
}) {
  return (
    <div className={`rows ${className ?? ''}`}>
      {header ? <div className="rows-header">{header}</div> : null}
      {items.length ? (
        items.map((item) => (
          <div className="rows-item" key={rowKey(item)}>
            {render(item)}
          </div>
        ))
      ) : (
        <div className="rows-empty">{empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}</div>
      )}
      {pagination && pagination.total > pagination.pageSize ? (
        <div className="rows-footer">
          <Pagination size="small" showSizeChanger={false} {...pagination} />
        </div>
      ) : null}
    </div>
  );
}

/** One row: a title, a description and actions on the right (below on a phone). */
export function Row({
  title,
  description,
  actions,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <div className={`row ${className ?? ''}`}>
      <div className="row-main">
        <div className="row-title">{title}</div>
        {description ? <div className="row-description">{description}</div> : null}
      </div>
      {actions ? <div className="row-actions">{actions}</div> : null}
    </div>
  );
}
