import { Alert, Breadcrumb, Button, Result, Skeleton, Space, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';

export interface Crumb {
  title: string;
  to?: string;
}

/** One page, one job: a breadcrumb, the title that says the job, and the content. */
export function Page({ title, crumbs = [], extra, children }: { title: string; crumbs?: Crumb[]; extra?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · 活动总结全流程管理`;
  }, [title]);
  return (
    <div className="page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[{ title: <Link to="/">首页</Link> }, ...crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))]}
      />
      <div className="page-title">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra ? <Space wrap>{extra}</Space> : null}
      </div>
      {children}
    </div>
  );
}

/** Loading, an error with the server's Chinese message and a retry, or the content: never a blank page. */
export function Loadable({
  loading,
  error,
  retry,
  children,
}: {
  loading: boolean;
  error: unknown;
  retry?: () => unknown;
  children: () => ReactNode;
}) {
  if (error) return <ErrorState error={error} retry={retry} />;
  if (loading) return <Skeleton active paragraph={{ rows: 6 }} />;
  return <>{children()}</>;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.messageZh;
  return '出现了意外错误，请重试';
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => unknown }) {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 404 || status === 403) {
    return <Result status={status === 404 ? '404' : '403'} title={status === 404 ? '未找到' : '无权访问'} subTitle={errorMessage(error)} />;
  }
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={errorMessage(error)}
      action={
        retry ? (
          <Button size="small" onClick={() => void retry()}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}
