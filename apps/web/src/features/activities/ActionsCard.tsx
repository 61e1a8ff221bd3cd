import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Radio, Space, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { EXTEND_YEARS, RETENTION_REASON_MAX } from '../../../../../libs/domain/lifecycle-machine';
import { ApiError, api, call, newIdempotencyKey } from '../../api/client';
import type { ActivityDetail, MessageName } from '../../api/views';
import { errorMessage } from '../../app/components/Page';
import { showFieldErrors } from '../../app/forms';
import { ACTION_LABELS_ZH } from '../../format/labels';
import { openLabel, useArchive, useRefreshActivity } from './queries';

type ModalKind = 'submitBaseData' | 'confirmArchive' | 'submitFeedback' | 'decideDisposal' | 'setPermanent';

/**
 * 待办操作: buttons for exactly the caller's `allowedActions`. Writing the summary and reviewing
 * have their own pages; the short messages are sent from a modal here.
 */
export function ActionsCard({ activity }: { activity: ActivityDetail }) {
  const [open, setOpen] = useState<ModalKind | null>(null);
  const allowed = activity.allowedActions;
  const state = activity.lifecycle;
  const buttons: ReactNode[] = [];
  const has = (a: MessageName) => allowed.includes(a);

  if (has('submitBaseData')) {
    buttons.push(
      <Button key="base" type={state?.baseData ? 'default' : 'primary'} onClick={() => setOpen('submitBaseData')}>
        {state?.baseData ? '更正基础数据' : ACTION_LABELS_ZH.submitBaseData}
      </Button>,
    );
  }
  if (has('submitDraft')) {
    buttons.push(
      <Link key="draft" to={`/activities/${activity.id}/summary`}>
        <Button type="primary">{state?.stage === 'REVISING' ? '修改并重新提交总结' : ACTION_LABELS_ZH.submitDraft}</Button>
      </Link>,
    );
  } else if (state && (state.stage === 'DRAFTING' || state.stage === 'REVISING') && has('submitBaseData') && !state.baseData) {
    // The draft waits for the base data: say why instead of hiding the step.
    buttons.push(
      <Tooltip key="draft-wait" title="请先录入基础数据（参与人数、费用结算），再提交初稿">
        <Button disabled>{ACTION_LABELS_ZH.submitDraft}</Button>
      </Tooltip>,
    );
  }
  if (has('review')) {
    buttons.push(
      <Link key="review" to={`/activities/${activity.id}/review`}>
        <Button type="primary">{ACTION_LABELS_ZH.review}</Button>
      </Link>,
    );
  }
  if (has('recordSpecialMeeting')) {
    buttons.push(
      <Link key="meeting" to={`/activities/${activity.id}/review`}>
        <Button type="primary">{ACTION_LABELS_ZH.recordSpecialMeeting}</Button>
      </Link>,
    );
  }
  for (const a of ['confirmArchive', 'submitFeedback', 'decideDisposal'] as const) {
    if (has(a))
      buttons.push(
        <Button key={a} type="primary" onClick={() => setOpen(a)}>
          {ACTION_LABELS_ZH[a]}
        </Button>,
      );
  }

  if (has('setPermanent')) {
    buttons.push(
      <Button key="permanent" onClick={() => setOpen('setPermanent')}>
        {state?.permanent ? '取消永久保管' : '设为永久保管'}
      </Button>,
    );
  }

  return (
    <Card title="待办操作" size="small" className="section actions-card">
      {buttons.length ? <Space wrap>{buttons}</Space> : <Typography.Text type="secondary">当前无需您操作</Typography.Text>}
      {open === 'submitBaseData' ? <BaseDataModal activity={activity} onClose={() => setOpen(null)} /> : null}
      {open === 'confirmArchive' ? <ArchiveModal activity={activity} onClose={() => setOpen(null)} /> : null}
      {open === 'submitFeedback' ? <FeedbackModal activity={activity} onClose={() => setOpen(null)} /> : null}
      {open === 'decideDisposal' ? <DisposalModal activity={activity} onClose={() => setOpen(null)} /> : null}
      {open === 'setPermanent' ? <PermanentModal activity={activity} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}

/** A modal form that sends one lifecycle message with its own Idempotency-Key and refreshes the activity. */
function MessageModal<V extends object>({
  activity,
  title,
  okText,
  initialValues,
  send,
  onClose,
  children,
  done,
}: {
  activity: ActivityDetail;
  title: string;
  okText: string;
  initialValues?: Partial<V>;
  send: (values: V, key: string) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
  done: string;
}) {
  const [form] = Form.useForm<V>();
  const { message } = App.useApp();
  const refresh = useRefreshActivity(activity.id);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await send(values, key);
      message.success(done);
      await refresh();
      onClose();
    } catch (err) {
      // The same key again only for a request that may still take effect; a refused one is corrected and sent anew.
      if (!(err instanceof ApiError && err.sameKeyMayRetry)) setKey(newIdempotencyKey());
      const rest = showFieldErrors(form, err);
      setError(rest.length ? rest.join('；') : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? (
        <Typography.Paragraph type="danger" role="alert">
          {error}
        </Typography.Paragraph>
      ) : null}
      <Form<V> form={form} layout="vertical" initialValues={initialValues} requiredMark>
        {children}
      </Form>
    </Modal>
  );
}

interface BaseDataValues {
  participants: { online: number; offline: number };
  expenseSettled: boolean;
  notes?: string;
}

function BaseDataModal({ activity, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  const current = activity.lifecycle?.baseData;
  return (
    <MessageModal<BaseDataValues>
      activity={activity}
      title="录入基础数据（R-7.1）"
      okText="提交基础数据"
      done="基础数据已记录"
      onClose={onClose}
      initialValues={
        current
          ? { participants: current.participants, expenseSettled: current.expenseSettled, notes: current.notes ?? '' }
          : { expenseSettled: false }
      }
      send={(v, key) =>
        call(
          api.POST('/api/activities/{id}/base-data', {
            params: { path: { id: activity.id }, header: { 'Idempotency-Key': key } },
            body: {
              participants: v.participants,
              expenseSettled: !!v.expenseSettled,
              ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
            },
          }),
        )
      }
    >
      <Space wrap>
        <Form.Item label="实际线上人数" name={['participants', 'online']} rules={[{ required: true, message: '请填写实际线上人数' }]}>
          <InputNumber min={0} max={10_000_000} precision={0} />
        </Form.Item>
        <Form.Item label="实际线下人数" name={['participants', 'offline']} rules={[{ required: true, message: '请填写实际线下人数' }]}>
          <InputNumber min={0} max={10_000_000} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item name="expenseSettled" valuePropName="checked" extra="参与人数已记录且费用已结算，基础数据一项即告完成。">
        <Checkbox>费用已结算</Checkbox>
      </Form.Item>
      <Form.Item label="备注" name="notes">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </MessageModal>
  );
}

type ArchiveValues = {
  medium: 'paper' | 'electronic';
  location?: string;
  stamped?: boolean;
  bound?: boolean;
  attachmentsIncluded?: boolean;
};

const PAPER_CHECKS = [
  { name: 'stamped', label: '已加盖公章' },
  { name: 'bound', label: '已装订成册' },
  { name: 'attachmentsIncluded', label: '附件齐全' },
] as const;

/**
 * the electronic copy is confirmed at the location the system generated (and stored the
 * final DOCX under); the paper copy is stamped, bound and complete, each ticked.
 */
function ArchiveModal({ activity, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  const done = new Set(activity.lifecycle?.archive.map((a) => a.medium));
  const first = done.has('paper') ? 'electronic' : 'paper';
  const archive = useArchive(activity.id);
  const generated = archive.data?.electronicLocation;
  return (
    <MessageModal<ArchiveValues>
      activity={activity}
      title="确认归档（R-12）"
      okText="确认归档"
      done="已确认归档"
      onClose={onClose}
      initialValues={{ medium: first }}
      send={(v, key) =>
        call(
          api.POST('/api/activities/{id}/archive', {
            params: { path: { id: activity.id }, header: { 'Idempotency-Key': key } },
            body:
              v.medium === 'electronic'
                ? { medium: 'electronic', location: generated ?? '' }
                : {
                    medium: 'paper',
                    location: (v.location ?? '').trim(),
                    stamped: !!v.stamped,
                    bound: !!v.bound,
                    attachmentsIncluded: !!v.attachmentsIncluded,
                  },
          }),
        )
      }
    >
      <Form.Item label="归档介质" name="medium" rules={[{ required: true }]} extra="纸质版与电子版都确认后归档完成。">
        <Radio.Group>
          <Radio value="paper" disabled={done.has('paper')}>
            纸质版{done.has('paper') ? '（已归档）' : ''}
          </Radio>
          <Radio value="electronic" disabled={done.has('electronic')}>
            电子版{done.has('electronic') ? '（已归档）' : ''}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a: ArchiveValues, b: ArchiveValues) => a.medium !== b.medium}>
        {({ getFieldValue }) =>
          getFieldValue('medium') === 'electronic' ? (
            <Form.Item
              label="电子版存放位置（系统生成）"
              extra={archive.data && !archive.data.stored ? '电子版正在存入档案库，请稍候。' : undefined}
            >
              <Typography.Text copyable={!!generated} data-testid="archive-location">
                {generated ?? (archive.isError ? errorMessage(archive.error) : '加载中…')}
              </Typography.Text>
            </Form.Item>
          ) : (
            <>
              <Form.Item label="存放位置" name="location" rules={[{ required: true, whitespace: true, message: '请填写存放位置' }]}>
                <Input placeholder="如：档案室 A-3 柜" />
              </Form.Item>
              {archive.data ? (
                <Typography.Paragraph>
                  档案标签：{archive.data.paperLabel}{' '}
                  <Typography.Link
                    href={`/api/activities/${activity.id}/archive/label.html`}
                    target="_blank"
                    onClick={(e) => openLabel(e, activity.id)}
                  >
                    打印标签
                  </Typography.Link>
                </Typography.Paragraph>
              ) : null}
              {PAPER_CHECKS.map((c) => (
                <Form.Item
                  key={c.name}
                  name={c.name}
                  valuePropName="checked"
                  rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(`请确认${c.label}`))) }]}
                >
                  <Checkbox>{c.label}</Checkbox>
                </Form.Item>
              ))}
            </>
          )
        }
      </Form.Item>
    </MessageModal>
  );
}

function FeedbackModal({ activity, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  return (
    <MessageModal<{ summary: string; recordId?: string }>
      activity={activity}
      title="提交反馈记录单（R-16.1）"
      okText="提交"
      done="反馈记录单已提交"
      onClose={onClose}
      send={(v, key) =>
        call(
          api.POST('/api/activities/{id}/feedback', {
            params: { path: { id: activity.id }, header: { 'Idempotency-Key': key } },
            body: { summary: v.summary.trim(), ...(v.recordId?.trim() ? { recordId: v.recordId.trim() } : {}) },
          }),
        )
      }
    >
      <Form.Item label="反馈摘要" name="summary" rules={[{ required: true, whitespace: true, message: '请填写反馈摘要' }]}>
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
      <Form.Item label="记录单编号" name="recordId">
        <Input />
      </Form.Item>
    </MessageModal>
  );
}

function DisposalModal({ activity, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  const { modal } = App.useApp();
  return (
    <MessageModal<{ decision: 'destroy' | 'extend'; extendYears?: number; reason?: string }>
      activity={activity}
      title="保管期满处置（R-13.1）"
      okText="确认处置"
      done="处置决定已记录"
      onClose={onClose}
      initialValues={{ decision: 'extend', extendYears: 1 }}
      send={(v, key) =>
        new Promise((resolve, reject) => {
          modal.confirm({
            title: v.decision === 'destroy' ? '确认销毁？' : `确认延长保管 ${v.extendYears ?? 1} 年？`,
            content: v.decision === 'destroy' ? '销毁后总结档案不可恢复，流程结束。' : '延长后，保管期满时将再次进行处置审查。',
            okText: v.decision === 'destroy' ? '销毁' : '延长保管',
            okButtonProps: { danger: v.decision === 'destroy' },
            cancelText: '取消',
            onCancel: () => reject(new Error('已取消')),
            onOk: () =>
              call(
                api.POST('/api/activities/{id}/disposal', {
                  params: { path: { id: activity.id }, header: { 'Idempotency-Key': key } },
                  body: {
                    decision: v.decision,
                    ...(v.decision === 'extend' ? { extendYears: v.extendYears } : {}),
                    ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
                  },
                }),
              ).then(resolve, reject),
          });
        })
      }
    >
      <Form.Item label="处置决定" name="decision" rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value="extend">延长保管</Radio>
          <Radio value="destroy">销毁</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item label="延长年限" name="extendYears">
        <InputNumber min={EXTEND_YEARS.min} max={EXTEND_YEARS.max} precision={0} suffix="年" />
      </Form.Item>
      <Form.Item label="理由" name="reason">
        <Input.TextArea rows={2} />
      </Form.Item>
    </MessageModal>
  );
}

/** admin marks the summary permanent, or undoes that; the reason is kept in the lifecycle and the audit log. */
function PermanentModal({ activity, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  const permanent = !activity.lifecycle?.permanent;
  return (
    <MessageModal<{ reason: string }>
      activity={activity}
      title={permanent ? '设为永久保管（R-13.1）' : '取消永久保管（R-13.1）'}
      okText={permanent ? '设为永久保管' : '取消永久保管'}
      done={permanent ? '已设为永久保管' : '已取消永久保管，恢复三年保管期'}
      onClose={onClose}
      send={(v, key) =>
        call(
          api.POST('/api/activities/{id}/retention', {
            params: { path: { id: activity.id }, header: { 'Idempotency-Key': key } },
            body: { permanent, reason: v.reason.trim() },
          }),
        )
      }
    >
      <Typography.Paragraph>
        {permanent
          ? '永久保管的活动总结不设保管期限，期满不再进行处置审查。'
          : '取消后恢复保管期（归档之日起 3 年，含已延长的年限）；若已期满，将立即转入档案员的处置审查。'}
      </Typography.Paragraph>
      <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
        <Input.TextArea rows={3} maxLength={RETENTION_REASON_MAX} showCount />
      </Form.Item>
    </MessageModal>
  );
}
