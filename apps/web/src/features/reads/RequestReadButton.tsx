import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { errorMessage } from '../../app/components/Page';

/** A refusal to read (403) that a read request can lift: every internal role may file one. */
export function isReadRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function RequestReadButton({ activityId, name }: { activityId: string; name?: string }) {
  const session = useSession();
  if (!session || session.user.role === 'external') return null;
  const query = new URLSearchParams({ activityId, ...(name ? { name } : {}) });
  return (
    <Link to={`/read-requests/new?${query.toString()}`}>
      <Button type="primary">申请查阅</Button>
    </Link>
  );
}

/** 无权查看 with the server's reason and, instead of a dead end, 申请查阅. */
export function ReadRefused({ error, activityId, name }: { error: unknown; activityId: string; name?: string }) {
  return (
    <Result
      status="403"
      title="无权查看"
      subTitle={errorMessage(error)}
      extra={<RequestReadButton activityId={activityId} name={name} />}
    />
  );
}
