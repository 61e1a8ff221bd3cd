import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { reviewLevelOf } from '../../../../../libs/domain/lifecycle-machine';
import { WORKING_DAYS } from '../../../../../libs/domain/lifecycle-machine';
import { ApiError, api, call, newIdempotencyKey, type Schemas } from '../../api/client';
import type { ActivityDetail } from '../../api/views';
import { Loadable, Page, errorMessage } from '../../app/components/Page';
import { StageTag } from '../../app/components/StageTag';
import { drafts } from '../../app/forms';
import { shanghaiDay } from '../../format/dates';
import { DEADLINE_LABELS_ZH, REVIEW_LEVEL_LABELS_ZH, STAGE_LABELS_ZH, type Stage } from '../../format/labels';
import { ReviewList } from '../activities/ActivityPage';
import { useActivity, useRefreshActivity, useReviews, useSummaryVersion } from '../activities/queries';
import { SummaryView } from '../summary/SummaryView';
import { SUMMARY_MODULE_LABELS_ZH, SUMMARY_MODULES, type SummaryModule } from '../summary/model';

type Comments = Partial<Record<SummaryModule | 'general', string>>;
type CommentBody = Schemas['ReviewCommentDto'];

/** 审核: the version under review read-only, a comment box per module, 通过 / 退回修改; the VP's special meeting. */
export default function ReviewPage() {
  const { id = '' } = useParams();
  const activity = useActivity(id);
  const versionId = activity.data?.lifecycle?.submissions.at(-1)?.versionId;
  const version = useSummaryVersion(id, versionId);
  const reviews = useReviews(id);
  const name = activity.data?.name ?? '';
  return (
    <Page
      title={name ? `审核 · ${name}` : '审核'}
      crumbs={[{ title: '活动', to: '/activities' }, { title: name || '活动', to: `/activities/${id}` }, { title: '审核' }]}
    >
      <Loadable
        loading={activity.isPending || (!!versionId && version.isPending)}
        error={activity.error ?? version.error}
        retry={() => Promise.all([activity.refetch(), version.refetch()])}
      >
        {() => {
          const a = activity.data!;
          const level = a.lifecycle ? reviewLevelOf(a.lifecycle.stage) : null;
          const canReview = a.allowedActions.includes('review') && level !== null;
          const canMeet = a.allowedActions.includes('recordSpecialMeeting');
          if (!version.data?.document) return <Empty description="尚无提交的总结版本" />;
          return (
            <Space orientation="vertical" style={{ width: '100%' }} size={12}>
              <Card size="small">
                <Space wrap>
                  <StageTag stage={a.stage} />
                  <Typography.Text>
                    第 {version.data.versionNo} 版{level ? ` · ${REVIEW_LEVEL_LABELS_ZH[level]}` : ''}
                  </Typography.Text>
                  {!canReview && !canMeet ? <Typography.Text type="secondary">当前无需您审核，以下为只读内容。</Typography.Text> : null}
                </Space>
              </Card>
              {reviews.data?.length ? (
                <Card size="small" title="历次审核意见">
                  <ReviewList reviews={reviews.data} />
                </Card>
              ) : null}
              {canReview ? (
                <ReviewForm
                  activity={a}
                  level={level}
                  versionId={version.data.id}
                  doc={version.data.document}
                  findings={version.data.findings}
                />
              ) : (
                <SummaryView doc={version.data.document} findings={version.data.findings} />
              )}
              {canMeet ? <SpecialMeetingForm activity={a} /> : null}
            </Space>
          );
        }}
      </Loadable>
    </Page>
  );
}

function ReviewForm({
  activity,
  level,
  versionId,
  doc,
  findings,
}: {
  activity: ActivityDetail;
  level: 1 | 2 | 3;
  versionId: string;
  doc: NonNullable<ReturnType<typeof useSummaryVersion>['data']>['document'] & object;
  findings: NonNullable<ReturnType<typeof useSummaryVersion>['data']>['findings'];
}) {
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useRefreshActivity(activity.id);
  const storeKey = `activity-summary.review-draft:${activity.id}:${versionId}`;
  const [comments, setComments] = useState<Comments>(() => drafts.load<Comments>(sessionStorage, storeKey) ?? {});
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Comments, text: string) => {
    const next = { ...comments, [k]: text };
    setComments(next);
    drafts.save(sessionStorage, storeKey, next);
  };
  const list = () =>
    Object.entries(comments)
      .filter(([, text]) => text?.trim())
      .map(([module, text]): CommentBody => ({ ...(module === 'general' ? {} : { module: module as SummaryModule }), text: text!.trim() }));

  const send = async (decision: 'approve' | 'return') => {
    setError(null);
    try {
      await call(
        api.POST('/api/activities/{id}/reviews', {
          params: { path: { id: activity.id }, header: { 'Idempotency-Key': key } },
          body: { level, decision, comments: list(), versionId },
        }),
      );
      drafts.clear(sessionStorage, storeKey);
      message.success(decision === 'approve' ? '已通过' : '已退回修改');
      await refresh();
      void navigate(`/activities/${activity.id}`);
    } catch (err) {
      // Only a request that may still take effect is sent again with its key; anything else was refused.
      if (!(err instanceof ApiError && err.sameKeyMayRetry)) setKey(newIdempotencyKey());
      setError(errorMessage(err));
    }
  };
  const next = level < 3 ? STAGE_LABELS_ZH[`IN_REVIEW_L${level + 1}` as Stage] : `${DEADLINE_LABELS_ZH.archive}（终稿形成）`;
  const approve = () =>
    modal.confirm({
      title: `${REVIEW_LEVEL_LABELS_ZH[level]}通过？`,
      content: `通过后总结进入${next}，您将对该版本电子签名。`,
      okText: '通过',
      cancelText: '取消',
      onOk: () => send('approve'),
    });
  const reject = () => {
    if (!list().length) {
      setError('退回修改必须填写审核意见（R-8）');
      return;
    }
    modal.confirm({
      title: '退回修改？',
      content: `退回后，主办部门须在 ${WORKING_DAYS.revision} 个工作日内修订并重新提交，修改稿回到${REVIEW_LEVEL_LABELS_ZH[level]}。`,
      okText: '退回修改',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => send('return'),
    });
  };

  return (
    <>
      <SummaryView
        doc={doc}
        findings={findings}
        aside={(m) => (
          <Form.Item label={`对“${SUMMARY_MODULE_LABELS_ZH[m]}”的意见`} style={{ marginBottom: 0 }} htmlFor={`comment-${m}`}>
            <Input.TextArea
              id={`comment-${m}`}
              rows={2}
              value={comments[m] ?? ''}
              onChange={(e) => set(m, e.target.value)}
              placeholder="无意见可不填"
            />
          </Form.Item>
        )}
      />
      <Card size="small" title="审核结论">
        <Form.Item label="总体意见" htmlFor="comment-general">
          <Input.TextArea id="comment-general" rows={2} value={comments.general ?? ''} onChange={(e) => set('general', e.target.value)} />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} /> : null}
        <Space wrap>
          <Button type="primary" onClick={approve}>
            通过
          </Button>
          <Button danger onClick={reject}>
            退回修改
          </Button>
          <Link to={`/activities/${activity.id}`}>返回活动详情</Link>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          模块意见共 {SUMMARY_MODULES.filter((m) => comments[m]?.trim()).length} 条；退回修改须至少填写一条意见。
        </Typography.Paragraph>
      </Card>
    </>
  );
}

function SpecialMeetingForm({ activity }: { activity: ActivityDetail }) {
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useRefreshActivity(activity.id);
  const [form] = Form.useForm<{ decision: 'revise' | 'finalize'; date: Dayjs; attendees: string[]; minutes: string }>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    modal.confirm({
      title: v.decision === 'finalize' ? '专题会议决定定稿？' : '专题会议决定继续修改？',
      content:
        v.decision === 'finalize'
          ? '定稿后形成终稿，进入归档，您将对该版本电子签名。'
          : `主办部门须在会议日后 ${WORKING_DAYS.revision} 个工作日内修订并重新提交。`,
      okText: v.decision === 'finalize' ? '定稿' : '继续修改',
      cancelText: '取消',
      onOk: async () => {
        setError(null);
        try {
          await call(
            api.POST('/api/activities/{id}/special-meeting', {
              params: { path: { id: activity.id }, header: { 'Idempotency-Key': key } },
              body: { decision: v.decision, date: v.date.format('YYYY-MM-DD'), attendees: v.attendees, minutes: v.minutes.trim() },
            }),
          );
          message.success('专题会议记录已保存');
          await refresh();
          void navigate(`/activities/${activity.id}`);
        } catch (err) {
          if (!(err instanceof ApiError && err.sameKeyMayRetry)) setKey(newIdempotencyKey());
          setError(errorMessage(err));
        }
      },
    });
  };
  return (
    <Card size="small" title="专题会议记录（R-10.2）">
      {error ? <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ decision: 'finalize', attendees: [] }} requiredMark>
        <Form.Item label="会议决定" name="decision" rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="finalize">定稿</Radio>
            <Radio value="revise">继续修改</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label="会议日期" name="date" rules={[{ required: true, message: '请选择会议日期' }]}>
          <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiDay()} />
        </Form.Item>
        <Form.Item label="参会人员" name="attendees" rules={[{ required: true, type: 'array', min: 1, message: '请填写参会人员' }]}>
          <Select mode="tags" open={false} suffixIcon={null} placeholder="输入姓名后回车" />
        </Form.Item>
        <Form.Item label="会议纪要" name="minutes" rules={[{ required: true, whitespace: true, message: '请填写会议纪要' }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Button type="primary" onClick={() => void submit().catch(() => undefined)}>
          保存会议记录
        </Button>
      </Form>
    </Card>
  );
}
