import { CheckCircleFilled, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Collapse, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { checkCompleteness } from '../../../../../libs/summary/completeness';
import { ATTACHMENT_KIND_LABELS_ZH, ATTACHMENT_KINDS, type AttachmentRef } from '../../../../../libs/summary/document';
import { ApiError, api, call, newIdempotencyKey } from '../../api/client';
import { useSession } from '../../api/session';
import type { ActivityDetail, Attachment, Department, Review, SummaryVersion } from '../../api/views';
import { DeadlineText } from '../../app/components/DeadlineText';
import { Loadable, Page, errorMessage } from '../../app/components/Page';
import { drafts } from '../../app/forms';
import { shanghai } from '../../format/dates';
import { RETURN_STAGES, REVIEW_LEVEL_LABELS_ZH, STAGE_LABELS_ZH } from '../../format/labels';
import { AttachmentsPanel } from '../activities/AttachmentsPanel';
import {
  useActivity,
  useAttachments,
  useDepartments,
  useReviews,
  useRefreshActivity,
  useSummaries,
  useSummaryVersion,
} from '../activities/queries';
import { FindingsContext } from './fields';
import { FindingList } from './FindingList';
import {
  SUMMARY_MODULE_LABELS_ZH,
  SUMMARY_MODULES,
  blankDocument,
  detailsAsFindings,
  expectedTitle,
  moduleOf,
  type Finding,
  type SummaryDocument,
  type SummaryModule,
} from './model';
import { EffectivenessSection, ExecutionSection, ImprovementsSection, LessonsSection, OverviewSection } from './sections';

interface Draft {
  doc: SummaryDocument;
  /** Uploads the user unticked: not listed as attachments. */
  excludedIds: string[];
  savedAt: string;
}

const draftKey = (activityId: string, userId: string) => `activity-summary.summary-draft:${activityId}:${userId}`;

/** order: photos → data tables → media screenshots → questionnaire report, then upload order. */
function attachmentList(uploads: Attachment[], ids: string[]): AttachmentRef[] {
  const chosen = uploads.filter((u) => ids.includes(u.id));
  chosen.sort((a, b) => ATTACHMENT_KINDS.indexOf(a.kind) - ATTACHMENT_KINDS.indexOf(b.kind) || uploads.indexOf(a) - uploads.indexOf(b));
  return chosen.map((u, i) => ({ kind: u.kind, order: i + 1, attachmentId: u.id }));
}

/** 总结编辑: the five modules of SPEC §4 as one form; the draft lives in the browser until the server has it. */
export default function SummaryEditorPage() {
  const { id = '' } = useParams();
  const activity = useActivity(id);
  const versions = useSummaries(id);
  const last = versions.data?.at(-1);
  const lastVersion = useSummaryVersion(id, last?.id);
  const reviews = useReviews(id);
  const uploads = useAttachments(id);
  const departments = useDepartments();
  const name = activity.data?.name ?? '';
  const ready = activity.data && versions.data && (!last || lastVersion.data) && reviews.data && uploads.data && departments.data;
  return (
    <Page
      title={name ? `总结编辑 · ${name}` : '总结编辑'}
      crumbs={[{ title: '活动', to: '/activities' }, { title: name || '活动', to: `/activities/${id}` }, { title: '总结编辑' }]}
    >
      <Loadable
        loading={!ready}
        error={activity.error ?? versions.error ?? lastVersion.error ?? reviews.error ?? uploads.error}
        retry={() => Promise.all([activity.refetch(), versions.refetch(), reviews.refetch(), uploads.refetch()])}
      >
        {() => (
          <Editor
            activity={activity.data!}
            lastVersion={lastVersion.data ?? null}
            reviews={reviews.data!}
            uploads={uploads.data!}
            departments={departments.data!}
          />
        )}
      </Loadable>
    </Page>
  );
}

function Editor({
  activity,
  lastVersion,
  reviews,
  uploads,
  departments,
}: {
  activity: ActivityDetail;
  lastVersion: SummaryVersion | null;
  reviews: Review[];
  uploads: Attachment[];
  departments: Department[];
}) {
  const session = useSession()!;
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const refresh = useRefreshActivity(activity.id);
  const key = draftKey(activity.id, session.user.id);
  const [form] = Form.useForm<SummaryDocument>();
  const [initial] = useState<Draft>(() => {
    const saved = drafts.load<Draft>(localStorage, key);
    if (saved) return saved;
    const doc =
      lastVersion?.document ?? blankDocument(activity, { name: session.user.displayName, department: session.user.department ?? '' });
    // A revision starts from the last version: uploads it did not list stay unlisted.
    const listed = new Set((lastVersion?.document?.attachments ?? []).map((a) => a.attachmentId));
    return { doc, excludedIds: lastVersion ? uploads.filter((u) => !listed.has(u.id)).map((u) => u.id) : [], savedAt: '' };
  });
  // Every upload is listed unless unticked: new uploads join the list by themselves.
  const [excluded, setExcluded] = useState<string[]>(initial.excludedIds);
  const attachmentIds = uploads.map((u) => u.id).filter((i) => !excluded.includes(i));
  const [savedAt, setSavedAt] = useState(initial.savedAt);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [checked, setChecked] = useState<'passed' | 'failed' | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'submit' | null>(null);
  const submitKey = useRef(newIdempotencyKey());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const values = Form.useWatch([], form) as SummaryDocument | undefined;

  const currentDocument = (): SummaryDocument => ({ ...form.getFieldsValue(true), attachments: attachmentList(uploads, attachmentIds) });

  const save = (quiet = true, excludedIds = excluded) => {
    const at = new Date().toISOString();
    drafts.save(localStorage, key, { doc: form.getFieldsValue(true), excludedIds, savedAt: at } satisfies Draft);
    setSavedAt(at);
    if (!quiet) message.success('草稿已保存在本浏览器');
  };
  const choose = (ids: string[]) => {
    const next = uploads.map((u) => u.id).filter((i) => !ids.includes(i));
    setExcluded(next);
    save(true, next);
  };
  const onChange = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => save(), 400);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  // Live completeness per module, for the ticks; the server's checks decide.
  const incomplete = useMemo(() => {
    const missing = new Set<string>();
    if (values) for (const f of checkCompleteness(values)) missing.add(moduleOf(f));
    return missing;
  }, [values]);

  const returned = [...reviews].reverse().find((r) => r.decision === 'return');
  const showReturn = returned && !!activity.lifecycle && RETURN_STAGES.includes(activity.lifecycle.stage);
  const commentsFor = (m: string) => (showReturn ? returned.comments.filter((c) => (c.module ?? 'overview') === m) : []);
  const generalComments = showReturn
    ? returned.comments.filter((c) => c.module && !SUMMARY_MODULES.includes(c.module as SummaryModule))
    : [];

  const runCheck = async () => {
    setBusy('check');
    setAlert(null);
    try {
      const res = await call(
        api.POST('/api/activities/{id}/summaries/check', { params: { path: { id: activity.id } }, body: { document: currentDocument() } }),
      );
      setFindings(res.findings as Finding[]);
      setChecked(res.blocking ? 'failed' : 'passed');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setFindings(detailsAsFindings(err.details));
        setChecked('failed');
      } else setAlert(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    save();
    setBusy('submit');
    setAlert(null);
    try {
      await call(
        api.POST('/api/activities/{id}/summaries', {
          params: { path: { id: activity.id }, header: { 'Idempotency-Key': submitKey.current } },
          body: { document: currentDocument() },
        }),
      );
      submitKey.current = newIdempotencyKey();
      drafts.clear(localStorage, key);
      message.success('总结已提交，进入审核');
      await refresh();
      void navigate(`/activities/${activity.id}`);
    } catch (err) {
      // After a lost answer or a dependency's timeout the same key is sent again (the lifecycle may have taken it).
      if (err instanceof ApiError && !err.sameKeyMayRetry) submitKey.current = newIdempotencyKey();
      if (err instanceof ApiError && (err.status === 422 || err.status === 400) && err.details.length) {
        setFindings(detailsAsFindings(err.details));
        setChecked('failed');
        setAlert(err.messageZh);
      } else setAlert(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const confirmSubmit = () =>
    modal.confirm({
      title: '提交总结？',
      content: `提交后形成不可修改的版本并以编制人身份电子签名，进入${STAGE_LABELS_ZH.IN_REVIEW_L1}。`,
      okText: '提交',
      cancelText: '取消',
      onOk: submit,
    });

  const blocking = findings.filter((f) => f.severity === 'blocking').length;
  const deadline = activity.lifecycle?.deadlines
    .filter((d) => (d.key === 'draft' || d.key === 'revision') && d.status !== 'met' && d.status !== 'waived')
    .at(-1);
  const canSubmit = activity.allowedActions.includes('submitDraft');
  const modules: Record<SummaryModule, React.ReactNode> = {
    overview: <OverviewSection />,
    execution: <ExecutionSection />,
    effectiveness: <EffectivenessSection q={values?.effectiveness?.quantitative} />,
    lessons: <LessonsSection />,
    improvements: <ImprovementsSection departments={departments} />,
  };

  return (
    <FindingsContext.Provider value={findings}>
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        {deadline ? (
          <Card size="small">
            <Space wrap>
              <Typography.Text>{deadline.key === 'revision' ? '修改稿' : '初稿'}</Typography.Text>
              <DeadlineText dueAt={deadline.dueAt} provisional={deadline.provisional} overdue={deadline.status === 'overdue'} />
            </Space>
          </Card>
        ) : null}
        {!canSubmit ? (
          <Alert
            type="info"
            showIcon
            title="当前不能提交"
            description={
              activity.lifecycle?.stage === 'DRAFTING' && !activity.lifecycle.baseData ? (
                <>
                  请先在<Link to={`/activities/${activity.id}`}>活动详情</Link>中录入基础数据（R-7.1）；草稿会保存在本浏览器中。
                </>
              ) : (
                '总结不在编制或修改阶段，或您不是主办部门人员；草稿会保存在本浏览器中。'
              )
            }
          />
        ) : null}
        {generalComments.length ? (
          <Alert type="warning" showIcon title="审核退回意见" description={generalComments.map((c) => c.text).join('；')} />
        ) : null}
        {alert ? <Alert type="error" showIcon title={alert} role="alert" /> : null}
        {checked === 'passed' ? (
          <Alert
            type="success"
            showIcon
            title={findings.length ? `检查通过，另有 ${findings.length} 项提示供审核人参考` : '检查通过，可以提交'}
          />
        ) : null}
        {checked === 'failed' ? <Alert type="error" showIcon title={`检查未通过：${blocking} 项阻断性问题，已标注在对应字段旁`} /> : null}
        <Form<SummaryDocument>
          form={form}
          layout="vertical"
          initialValues={initial.doc}
          onValuesChange={onChange}
          className="summary-form"
          scrollToFirstError
        >
          <Card size="small" title="标题与编制人" className="section">
            <FindingList findings={findings.filter((f) => f.path === 'title' || f.path?.startsWith('compiler'))} />
            <Row gutter={16}>
              <Col xs={24}>
                <Form.Item
                  label="标题"
                  name="title"
                  extra={`格式：${expectedTitle(activity.name, activity.endAt)}`}
                  rules={[{ required: true, message: '必填' }]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="编制人" name={['compiler', 'name']} rules={[{ required: true, message: '必填' }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="编制部门" name={['compiler', 'department']} rules={[{ required: true, message: '必填' }]}>
                  <Select options={departments.map((d) => ({ value: d.code, label: d.nameZh }))} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Collapse
            className="section"
            defaultActiveKey={[...SUMMARY_MODULES]}
            items={SUMMARY_MODULES.map((m, i) => {
              const moduleFindings = findings.filter((f) => moduleOf(f) === m);
              const comments = commentsFor(m);
              const done = !incomplete.has(m) && !moduleFindings.some((f) => f.severity === 'blocking');
              return {
                key: m,
                forceRender: true,
                label: (
                  <Space wrap size={6} data-module={m}>
                    {done ? (
                      <CheckCircleFilled style={{ color: '#52c41a' }} aria-label="已完整" />
                    ) : (
                      <ExclamationCircleOutlined style={{ color: '#faad14' }} aria-label="待完善" />
                    )}
                    <span>
                      {i + 1}. {SUMMARY_MODULE_LABELS_ZH[m]}
                    </span>
                    {moduleFindings.length ? (
                      <Tag color={moduleFindings.some((f) => f.severity === 'blocking') ? 'red' : 'orange'}>
                        {moduleFindings.length} 项问题
                      </Tag>
                    ) : null}
                    {comments.length ? <Tag color="orange">审核意见</Tag> : null}
                  </Space>
                ),
                children: (
                  <>
                    {comments.length ? (
                      <Alert
                        className="section review-comment"
                        type="warning"
                        showIcon
                        title={`审核意见（${REVIEW_LEVEL_LABELS_ZH[returned!.level]} · 退回修改）`}
                        description={comments.map((c, j) => (
                          <div key={j}>{c.text}</div>
                        ))}
                      />
                    ) : null}
                    <FindingList findings={moduleFindings} />
                    {modules[m]}
                  </>
                ),
              };
            })}
          />
          <Card size="small" title="附件（R-9.5：3–5 张照片、数据统计表、媒体报道截图、问卷分析报告）" className="section">
            <FindingList findings={findings.filter((f) => moduleOf(f) === 'attachments')} />
            <AttachmentsPanel activityId={activity.id} canUpload />
            <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
              列入总结的附件（按“照片—数据—媒体—问卷”自动排序）：
            </Typography.Paragraph>
            <Checkbox.Group
              value={attachmentIds}
              onChange={choose}
              options={attachmentList(
                uploads,
                uploads.map((u) => u.id),
              ).map((a) => {
                const u = uploads.find((x) => x.id === a.attachmentId)!;
                return { value: u.id, label: `${ATTACHMENT_KIND_LABELS_ZH[u.kind]}：${u.fileName}` };
              })}
            />
          </Card>
        </Form>
        <div className="sticky-footer">
          <Typography.Text type="secondary" className="autosave" style={{ marginInlineEnd: 'auto' }}>
            {savedAt ? `已自动保存 ${shanghai(savedAt).format('HH:mm')}` : '输入内容将自动保存在本浏览器'}
          </Typography.Text>
          <Button onClick={() => save(false)}>保存草稿</Button>
          <Button onClick={() => void runCheck()} loading={busy === 'check'}>
            检查
          </Button>
          <Button type="primary" onClick={confirmSubmit} loading={busy === 'submit'} disabled={!canSubmit}>
            提交
          </Button>
        </div>
      </Space>
    </FindingsContext.Provider>
  );
}
