import { App, Button, Card, Empty, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../api/session';
import type { ReadRequest } from '../../api/views';
import { Loadable, Page, errorMessage } from '../../app/components/Page';
import { Row, Rows } from '../../app/components/Rows';
import { formatDateTime } from '../../format/dates';
import { ExternalRequestModal } from './ExternalRequestModal';
import { APPROVER_ROLES, useDecideReadRequest, useReadRequests } from './queries';

const STATUS_COLORS: Record<ReadRequest['status'], string> = { pending: 'blue', granted: 'green', rejected: 'red', expired: 'default' };

export function ReadStatusTag({ r }: { r: ReadRequest }) {
  return <Tag color={STATUS_COLORS[r.status]}>{r.statusZh}</Tag>;
}

/** 查阅申请: my requests and their grants, the requests waiting for my decision, and (admin) 登记外部查阅. */
export default function ReadRequestsPage() {
  const session = useSession();
  const role = session?.user.role;
  const approver = !!role && APPROVER_ROLES.includes(role);
  const [external, setExternal] = useState(false);
  return (
    <Page
      title="查阅申请"
      crumbs={[{ title: '查阅申请' }]}
      extra={
        role === 'admin' ? (
          <Button type="primary" onClick={() => setExternal(true)}>
            登记外部查阅
          </Button>
        ) : null
      }
    >
      {approver ? <WaitingList /> : null}
      <MineList external={role === 'external'} />
      {role === 'admin' ? <ExternalRequestModal open={external} onClose={() => setExternal(false)} /> : null}
    </Page>
  );
}

function RequestSummary({ r }: { r: ReadRequest }) {
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text type="secondary">
        申请人 {r.requester.displayName ?? '—'}
        {r.organisation ? ` · ${r.organisation}` : ''} · {formatDateTime(r.createdAt)} · {r.days} 天
      </Typography.Text>
      <span>查阅目的：{r.purpose}</span>
      <span>查阅内容：{r.content}</span>
      {r.waitingFor ? <Typography.Text type="secondary">待 {r.waitingFor.descriptionZh} 审批</Typography.Text> : null}
    </Space>
  );
}

function WaitingList() {
  const [page, setPage] = useState(1);
  const waiting = useReadRequests('waiting', page);
  const [deciding, setDeciding] = useState<{ r: ReadRequest; decision: 'approve' | 'reject' } | null>(null);
  return (
    <Card size="small" title="待我审批" className="section">
      <Loadable loading={waiting.isPending} error={waiting.error} retry={waiting.refetch}>
        {() => (
          <Rows
            items={waiting.data!.items.filter((r) => r.status === 'pending')}
            rowKey={(r) => r.id}
            empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待审批的查阅申请" />}
            header={<Typography.Text type="secondary">共 {waiting.data!.total} 项</Typography.Text>}
            pagination={{ current: page, pageSize: 10, total: waiting.data!.total, onChange: setPage }}
            render={(r) => (
              <Row
                className="read-request"
                title={
                  <Space wrap size={4}>
                    <span>{r.activityName ?? r.activityId}</span>
                    <ReadStatusTag r={r} />
                    {r.kind === 'external' ? <Tag>外部查阅</Tag> : null}
                  </Space>
                }
                description={<RequestSummary r={r} />}
                actions={
                  <Space>
                    <Button type="primary" onClick={() => setDeciding({ r, decision: 'approve' })}>
                      同意
                    </Button>
                    <Button danger onClick={() => setDeciding({ r, decision: 'reject' })}>
                      驳回
                    </Button>
                  </Space>
                }
              />
            )}
          />
        )}
      </Loadable>
      {deciding ? <DecisionModal {...deciding} onClose={() => setDeciding(null)} /> : null}
    </Card>
  );
}

/** 同意 or 驳回 in a modal that says what follows; a rejection needs its reason. */
function DecisionModal({ r, decision, onClose }: { r: ReadRequest; decision: 'approve' | 'reject'; onClose: () => void }) {
  const [form] = Form.useForm<{ comment?: string }>();
  const decide = useDecideReadRequest();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const approve = decision === 'approve';
  const last = r.currentStep !== null && r.currentStep === r.steps.length - 1;
  const submit = async () => {
    const { comment } = await form.validateFields();
    setError(null);
    try {
      await decide.mutateAsync({ id: r.id, decision, comment: comment?.trim() || undefined });
      void message.success(approve ? '已同意' : '已驳回');
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Modal
      open
      title={`${approve ? '同意' : '驳回'}查阅申请 · ${r.activityName ?? ''}`}
      okText={approve ? '同意' : '驳回'}
      okButtonProps={{ danger: !approve, loading: decide.isPending }}
      cancelText="取消"
      // A failed validateFields shows its messages under the fields; it is not an error of the page.
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {approve
          ? last
            ? `同意后，${r.reader.displayName ?? '申请人'}即可查阅该活动总结 ${r.days} 天${r.grant?.viewOnly || r.kind === 'external' ? '(仅在线阅读)' : ''}。`
            : '同意后，申请转交下一审批人。'
          : '驳回后，申请即结束，申请人会收到驳回意见。'}
      </Typography.Paragraph>
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="comment"
          label={approve ? '审批意见' : '驳回理由'}
          rules={approve ? [] : [{ required: true, whitespace: true, message: '请填写驳回理由' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} placeholder={approve ? '选填' : '请说明驳回理由'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MineList({ external }: { external: boolean }) {
  const [page, setPage] = useState(1);
  const mine = useReadRequests('mine', page);
  return (
    <Card size="small" title={external ? '我的查阅' : '我的申请'} className="section">
      <Loadable loading={mine.isPending} error={mine.error} retry={mine.refetch}>
        {() => (
          <Rows
            items={mine.data!.items}
            rowKey={(r) => r.id}
            empty={
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={external ? '暂无查阅授权' : '暂无查阅申请。在无权查看的活动页面点“申请查阅”即可提交。'}
              />
            }
            header={<Typography.Text type="secondary">共 {mine.data!.total} 项</Typography.Text>}
            pagination={{ current: page, pageSize: 10, total: mine.data!.total, onChange: setPage }}
            render={(r) => (
              <Row
                className="read-request"
                title={
                  <Space wrap size={4}>
                    <span>{r.activityName ?? r.activityId}</span>
                    <ReadStatusTag r={r} />
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={0}>
                    <RequestSummary r={r} />
                    {r.grant ? (
                      <Typography.Text type={r.grant.live ? undefined : 'secondary'}>
                        有效至 {formatDateTime(r.grant.expiresAt)}
                        {r.grant.viewOnly ? ' · 仅在线阅读' : ''}
                      </Typography.Text>
                    ) : null}
                    {r.decisions
                      .filter((d) => d.decision === 'reject')
                      .map((d) => (
                        <Typography.Text key={d.step} type="danger">
                          驳回理由：{d.comment}
                        </Typography.Text>
                      ))}
                  </Space>
                }
                actions={
                  r.grant?.live ? (
                    <Link to={`/read/${r.activityId}`}>
                      <Button type="primary">阅读</Button>
                    </Link>
                  ) : null
                }
              />
            )}
          />
        )}
      </Loadable>
    </Card>
  );
}
