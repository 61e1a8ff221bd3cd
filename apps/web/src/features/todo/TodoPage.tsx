import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useSession } from '../../api/session';
import { DeadlineText } from '../../app/components/DeadlineText';
import { Loadable, Page } from '../../app/components/Page';
import { Row, Rows } from '../../app/components/Rows';
import { MajorTag, StageTag } from '../../app/components/StageTag';
import { REGISTER_ROLES } from '../../app/nav';
import { ACTION_LABELS_ZH, deadlineLabel, typeLabel } from '../../format/labels';
import { useDepartmentName } from '../activities/queries';

type TodoItem = Schemas['TodoItemDto'];

/** Where each to-do is done: the summary form, the review desk, or the activity page's actions. */
function linkOf(item: TodoItem): string {
  if (item.action === 'submitDraft') return `/activities/${item.activityId}/summary`;
  if (item.action === 'review' || item.action === 'recordSpecialMeeting') return `/activities/${item.activityId}/review`;
  return `/activities/${item.activityId}`;
}

/** 我的待办: what waits for the signed-in user, nearest due first; overdue items in red. */
export default function TodoPage() {
  const session = useSession();
  const dept = useDepartmentName();
  const todo = useQuery({ queryKey: ['todo'], queryFn: () => call(api.GET('/api/activities/todo')) });
  const canRegister = !!session && REGISTER_ROLES.includes(session.user.role);

  return (
    <Page
      title="我的待办"
      extra={
        canRegister ? (
          <Link to="/activities/new">
            <Button type="primary">登记活动</Button>
          </Link>
        ) : null
      }
    >
      <Loadable loading={todo.isPending} error={todo.error} retry={todo.refetch}>
        {() => (
          <Rows
            className="todo-list"
            header={<Typography.Text type="secondary">共 {todo.data!.total} 项</Typography.Text>}
            items={todo.data!.items}
            rowKey={(i) => `${i.activityId}:${i.action}`}
            empty={<Empty description="暂无待办">{canRegister ? <Link to="/activities/new">登记一项新活动</Link> : null}</Empty>}
            render={(item) => {
              const overdue = item.deadline?.status === 'overdue';
              return (
                <Row
                  className={overdue ? 'todo-item todo-overdue' : 'todo-item'}
                  title={
                    <Space wrap size={4}>
                      <Link to={`/activities/${item.activityId}`}>{item.name}</Link>
                      <StageTag stage={item.stage} />
                      {item.isMajor ? <MajorTag /> : null}
                    </Space>
                  }
                  description={
                    <Space orientation="vertical" size={2}>
                      <span>
                        {typeLabel(item.type)} · {dept(item.leadDepartment)}
                      </span>
                      {item.deadline ? (
                        <Space wrap size={4}>
                          <Tag color={overdue ? 'red' : 'blue'}>{deadlineLabel(item.deadline.key)}</Tag>
                          <DeadlineText dueAt={item.deadline.dueAt} provisional={item.deadline.provisional} overdue={overdue} />
                        </Space>
                      ) : null}
                    </Space>
                  }
                  actions={
                    <Link to={linkOf(item)}>
                      <Button type={overdue ? 'primary' : 'default'} danger={overdue}>
                        {ACTION_LABELS_ZH[item.action]}
                      </Button>
                    </Link>
                  }
                />
              );
            }}
          />
        )}
      </Loadable>
    </Page>
  );
}
