import { Empty, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { Loadable } from '../../app/components/Page';
import { Row, Rows } from '../../app/components/Rows';
import { DueText, SuggestionStatusTag } from './parts';
import { useSuggestions } from './queries';

/** 改进建议 on the activity page: this activity's tracked suggestions and their status, with the way to 建议落实. */
export function ActivitySuggestions({ activityId }: { activityId: string }) {
  const list = useSuggestions({ activityId, pageSize: 100 });
  const to = `/suggestions?activityId=${encodeURIComponent(activityId)}`;
  return (
    <Loadable loading={list.isPending} error={list.error} retry={list.refetch}>
      {() => (
        <Rows
          className="activity-suggestions"
          items={list.data!.items}
          rowKey={(s) => s.id}
          header={
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text type="secondary">共 {list.data!.total} 项</Typography.Text>
              {list.data!.total ? <Link to={to}>在 建议落实 中查看与更新</Link> : null}
            </Space>
          }
          empty={
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无改进建议：终稿形成后，总结中的改进建议会列入 建议落实 跟踪" />
          }
          render={(s) => (
            <Row
              title={
                <Space wrap size={4}>
                  <SuggestionStatusTag s={s} />
                  <span>{s.measure}</span>
                </Space>
              }
              description={
                <Space wrap size={[12, 0]}>
                  <span>
                    责任部门 {s.responsibleDepartmentZh}
                    {s.cooperatingDepartmentsZh.length ? ` · 协同 ${s.cooperatingDepartmentsZh.join('、')}` : ''}
                  </span>
                  <span>
                    完成时限 <DueText s={s} />
                  </span>
                  {s.statusReason ? <span>不采纳理由：{s.statusReason}</span> : null}
                </Space>
              }
            />
          )}
        />
      )}
    </Loadable>
  );
}
