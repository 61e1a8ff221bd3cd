import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useSession } from '../../api/session';
import { errorMessage } from '../../app/components/Page';
import { showFieldErrors } from '../../app/forms';
import { formatDateTime } from '../../format/dates';
import { roleLabel } from '../../format/labels';
import type { Role } from '../../../../../libs/domain/roles';

type Flag = Schemas['ScoreFlagView'];
type Kind = Flag['kind'];

/** Who reads the flags (apps/api SCORE_READERS) and who sets them (R-18: management and the supervisory board). */
export const SCORE_FLAG_READERS: readonly Role[] = ['management', 'supervisor', 'admin', 'vp', 'secretary_general'];
const SETTERS: readonly Role[] = ['management', 'supervisor'];
/** apps/api SCORE_FLAG_REASON_MAX. */
const REASON_MAX = 2000;

const KINDS: Record<Kind, { label: string; on: string; off: string; color: string; effect: string }> = {
  falsified: {
    label: '通报弄虚作假',
    on: '已通报',
    off: '未通报',
    color: 'red',
    effect: '主办部门当年质量分扣 10 分，该总结不再作为培训素材。',
  },
  commended: { label: '主管部门表扬', on: '已表扬', off: '未表扬', color: 'green', effect: '主办部门当年应用分加 10 分。' },
};

const flagsKey = (id: string) => ['activity', id, 'score-flags'];

/**
 * 评分标记: the 通报 and 表扬 flags in force and every entry; management and the supervisory board
 * set or withdraw one with a reason, which counts in the lead department's annual score.
 */
export function ScoreFlagsCard({ activityId }: { activityId: string }) {
  const session = useSession();
  const canSet = !!session && SETTERS.includes(session.user.role);
  const flags = useQuery({
    queryKey: flagsKey(activityId),
    queryFn: () => call(api.GET('/api/activities/{id}/score-flags', { params: { path: { id: activityId } } })),
  });
  const [editing, setEditing] = useState<{ kind: Kind; value: boolean } | null>(null);
  const data = flags.data;
  return (
    <Card size="small" title="评分标记" className="section score-flags" loading={flags.isPending}>
      {flags.error ? (
        <Typography.Text type="danger">{errorMessage(flags.error)}</Typography.Text>
      ) : data ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap size={[16, 8]}>
            {(Object.keys(KINDS) as Kind[]).map((kind) => {
              const k = KINDS[kind];
              const on = data[kind];
              return (
                <Space key={kind} size={4} wrap data-flag={kind}>
                  <Typography.Text>{k.label}：</Typography.Text>
                  {on ? <Tag color={k.color}>{k.on}</Tag> : <Tag>{k.off}</Tag>}
                  {canSet ? (
                    <Button size="small" onClick={() => setEditing({ kind, value: !on })}>
                      {on ? `撤销${k.label}` : `标记${k.label}`}
                    </Button>
                  ) : null}
                </Space>
              );
            })}
          </Space>
          {data.history.length ? (
            <Table<Flag>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.history}
              columns={[
                { title: '时间', dataIndex: 'at', width: 150, render: formatDateTime },
                {
                  title: '标记',
                  key: 'what',
                  render: (_, f) => `${f.value ? '标记' : '撤销'}${KINDS[f.kind].label}`,
                },
                { title: '理由', dataIndex: 'reason', render: (r: string) => <span style={{ overflowWrap: 'anywhere' }}>{r}</span> },
                {
                  title: '操作人',
                  key: 'by',
                  responsive: ['md'],
                  render: (_, f) => `${f.by.displayName ?? f.by.userId}（${roleLabel(f.by.role)}）`,
                },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">尚无评分标记记录</Typography.Text>
          )}
        </Space>
      ) : null}
      {editing ? <FlagModal activityId={activityId} {...editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

function FlagModal({ activityId, kind, value, onClose }: { activityId: string; kind: Kind; value: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const k = KINDS[kind];
  const action = `${value ? '标记' : '撤销'}${k.label}`;
  const save = useMutation({
    mutationFn: (reason: string) =>
      call(api.POST('/api/activities/{id}/score-flags', { params: { path: { id: activityId } }, body: { kind, value, reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flagsKey(activityId) }),
  });
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await save.mutateAsync(v.reason.trim());
      message.success(`已${action}`);
      onClose();
    } catch (err) {
      const rest = showFieldErrors(form, err);
      setError(rest.length ? rest.join('；') : errorMessage(err));
    }
  };
  return (
    <Modal
      open
      title={`${action}（R-18）`}
      okText={action}
      okButtonProps={{ danger: kind === 'falsified' && value }}
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {value ? `标记后，${k.effect}` : `撤销后，不再计入：${k.effect}`}记录不可修改，可再次标记或撤销。
      </Typography.Paragraph>
      {error ? (
        <Typography.Paragraph type="danger" role="alert">
          {error}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
