import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Grid, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import { useSession } from '../../api/session';
import type { ActivityDetail, LifecycleState, Review, SummaryVersion } from '../../api/views';
import { DeadlineText } from '../../app/components/DeadlineText';
import { Loadable, Page } from '../../app/components/Page';
import { Row, Rows } from '../../app/components/Rows';
import { MajorTag, PermanentTag, StageTag } from '../../app/components/StageTag';
import { BOARD_ROLES } from '../../app/nav';
import { formatDateTime } from '../../format/dates';
import { DEADLINE_STATUS, REVIEW_LEVEL_LABELS_ZH, deadlineLabel, roleLabel, typeLabel } from '../../format/labels';
import { formatNumber } from '../../format/numbers';
import { ReadRefused, isReadRefusal } from '../reads/RequestReadButton';
import { ActivitySuggestions } from '../suggestions/ActivitySuggestions';
import { FINAL_STAGES, PublicationsCard } from '../publications/PublicationsCard';
import { SCORE_FLAG_READERS, ScoreFlagsCard } from '../scores/ScoreFlagsCard';
import { FindingList } from '../summary/FindingList';
import { COMMENT_TARGET_LABELS_ZH } from '../summary/model';
import { SummaryView } from '../summary/SummaryView';
import { useTimeline } from '../supervision/queries';
import { TimelineView } from '../supervision/TimelineView';
import { ActionsCard } from './ActionsCard';
import { AttachmentsPanel } from './AttachmentsPanel';
import { useActivity, useDepartmentName, useReviews, useSignatures, useSummaries, useSummaryVersion } from './queries';
import { StageTimeline } from './StageTimeline';

/** 活动详情: header, stage timeline, deadlines, what to do now, then the records in tabs (UX.md). */
export default function ActivityPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const scoreReader = !!session && SCORE_FLAG_READERS.includes(session.user.role);
  const activity = useActivity(id);
  const dept = useDepartmentName();
  const title = activity.data?.name ?? '活动详情';
  return (
    <Page
      title={title}
      crumbs={[{ title: '活动', to: '/activities' }, { title }]}
      extra={activity.data ? <TemporalLink activity={activity.data} /> : null}
    >
      {isReadRefusal(activity.error) ? (
        <ReadRefused error={activity.error} activityId={id} />
      ) : (
        <Loadable loading={activity.isPending} error={activity.error} retry={activity.refetch}>
          {() => {
            const a = activity.data!;
            const s = a.lifecycle;
            const overdue = s?.deadlines.some((d) => d.status === 'overdue');
            return (
              <>
                <Card size="small" className="section">
                  <Space wrap size={4} style={{ marginBottom: 8 }}>
                    <StageTag stage={a.stage} overdue={overdue} />
                    <Tag>{typeLabel(a.type)}</Tag>
                    <Tag>{dept(a.leadDepartment)}</Tag>
                    {(s?.isMajor ?? a.isMajor) ? <MajorTag /> : null}
                    {a.permanent ? <PermanentTag /> : null}
                  </Space>
                  <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
                    <Descriptions.Item label="时间">
                      {formatDateTime(a.startAt)} 至 {formatDateTime(a.endAt)}
                    </Descriptions.Item>
                    <Descriptions.Item label="地点">{a.location}</Descriptions.Item>
                    <Descriptions.Item label="计划人数">
                      线上 {formatNumber(a.plannedParticipants.online)} · 线下 {formatNumber(a.plannedParticipants.offline)}
                    </Descriptions.Item>
                    {a.coOrganizers.length ? (
                      <Descriptions.Item label="协办单位">{a.coOrganizers.map(dept).join('、')}</Descriptions.Item>
                    ) : null}
                    {a.partners.length ? <Descriptions.Item label="合作单位">{a.partners.join('、')}</Descriptions.Item> : null}
                    {s?.retentionChanges?.length ? (
                      <Descriptions.Item label="保管期限变更">
                        <RetentionChanges changes={s.retentionChanges} />
                      </Descriptions.Item>
                    ) : null}
                  </Descriptions>
                </Card>
                {s ? (
                  <>
                    <Card size="small" title="流程进度" className="section">
                      <StageTimeline state={s} createdAt={a.createdAt} />
                    </Card>
                    <Card size="small" title="截止事项" className="section">
                      <Table
                        size="small"
                        rowKey={(d) => `${d.key}-${d.occurrence}`}
                        pagination={false}
                        dataSource={s.deadlines}
                        locale={{ emptyText: '活动结束后生成截止事项' }}
                        columns={[
                          {
                            title: '事项',
                            key: 'key',
                            render: (_, d) => `${deadlineLabel(d.key)}${d.occurrence > 1 ? `（第 ${d.occurrence} 次）` : ''}`,
                          },
                          {
                            title: '截止',
                            key: 'due',
                            render: (_, d) => (
                              <DeadlineText
                                dueAt={d.dueAt}
                                provisional={d.provisional}
                                overdue={d.status === 'overdue'}
                                done={d.status === 'met' || d.status === 'waived'}
                              />
                            ),
                          },
                          {
                            title: '状态',
                            key: 'status',
                            width: 90,
                            render: (_, d) =>
                              d.status === 'met' && d.metAt && d.metAt > d.dueAt ? (
                                <Tag color="orange">逾期完成</Tag>
                              ) : (
                                <Tag color={DEADLINE_STATUS[d.status].color}>{DEADLINE_STATUS[d.status].label}</Tag>
                              ),
                          },
                          { title: '完成时间', key: 'met', responsive: ['md'], render: (_, d) => formatDateTime(d.metAt) },
                        ]}
                      />
                    </Card>
                    <ActionsCard activity={a} />
                    {s.baseData ? (
                      <Card size="small" title="基础数据" className="section">
                        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                          <Descriptions.Item label="实际人数">
                            线上 {formatNumber(s.baseData.participants.online)} · 线下 {formatNumber(s.baseData.participants.offline)}
                          </Descriptions.Item>
                          <Descriptions.Item label="费用结算">{s.baseData.expenseSettled ? '已结算' : '未结算'}</Descriptions.Item>
                          <Descriptions.Item label="录入时间">{formatDateTime(s.baseData.at)}</Descriptions.Item>
                          {s.baseData.notes ? <Descriptions.Item label="备注">{s.baseData.notes}</Descriptions.Item> : null}
                        </Descriptions>
                      </Card>
                    ) : null}
                    {FINAL_STAGES.includes(s.stage) ? <PublicationsCard activity={a} /> : null}
                    {scoreReader ? <ScoreFlagsCard activityId={a.id} /> : null}
                  </>
                ) : (
                  <Card size="small" className="section">
                    <Typography.Text type="secondary">流程状态暂不可读，请稍后刷新。</Typography.Text>
                  </Card>
                )}
                <Card size="small">
                  <RecordsTabs activity={a} />
                </Card>
              </>
            );
          }}
        </Loadable>
      )}
    </Page>
  );
}

/** 在 Temporal UI 中查看: for the roles the API gives the link to (admin, supervisor). */
function TemporalLink({ activity }: { activity: ActivityDetail }) {
  const config = useQuery({ queryKey: ['web-config'], queryFn: () => call(api.GET('/api/web-config')), staleTime: Infinity });
  const ui = config.data?.temporalUi;
  if (!ui) return null;
  const href = `${ui.url}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(activity.workflowId)}`;
  return (
    <a href={href} target="_blank" rel="noreferrer">
      在 Temporal UI 中查看
    </a>
  );
}

function RecordsTabs({ activity }: { activity: ActivityDetail }) {
  const session = useSession();
  const lead =
    !!session &&
    (session.user.role === 'staff' || session.user.role === 'dept_head') &&
    session.user.department === activity.leadDepartment;
  return (
    <Tabs
      items={[
        { key: 'versions', label: '总结版本', children: <VersionsTab activityId={activity.id} name={activity.name} /> },
        { key: 'reviews', label: '审核意见', children: <ReviewsTab activityId={activity.id} /> },
        { key: 'attachments', label: '附件', children: <AttachmentsPanel activityId={activity.id} canUpload={lead} /> },
        { key: 'signatures', label: '签名', children: <SignaturesTab activityId={activity.id} /> },
        { key: 'escalations', label: '逾期记录', children: <EscalationsTab activity={activity} /> },
        { key: 'suggestions', label: '改进建议', children: <ActivitySuggestions activityId={activity.id} /> },
        ...(session?.user.role === 'external'
          ? []
          : [{ key: 'timeline', label: '过程记录', children: <TimelineTab activityId={activity.id} /> }]),
      ]}
    />
  );
}

function VersionsTab({ activityId, name }: { activityId: string; name: string }) {
  const versions = useSummaries(activityId);
  const [opened, setOpened] = useState<SummaryVersion | null>(null);
  // READ_NOT_GRANTED (R-13.2): not an error to show, a request to offer.
  if (isReadRefusal(versions.error)) return <ReadRefused error={versions.error} activityId={activityId} name={name} />;
  return (
    <>
      <Table
        size="small"
        rowKey="id"
        loading={versions.isPending}
        pagination={false}
        dataSource={versions.data ?? []}
        locale={{ emptyText: '尚无总结版本' }}
        columns={[
          { title: '版本', dataIndex: 'versionNo', width: 70, render: (n: number) => `第 ${n} 版` },
          { title: '提交时间', dataIndex: 'createdAt', responsive: ['sm'], render: formatDateTime },
          {
            title: '状态',
            dataIndex: 'submitted',
            width: 90,
            render: (v: boolean) => (v ? <Tag color="blue">已提交</Tag> : <Tag>未通过检查</Tag>),
          },
          { title: '检查结果', key: 'findings', responsive: ['md'], render: (_, v) => findingCount(v) },
          {
            title: '操作',
            key: 'open',
            width: 70,
            render: (_, v) => (
              <Button
                type="link"
                size="small"
                style={{ paddingInline: 0 }}
                aria-label={`查看第 ${v.versionNo} 版`}
                onClick={() => setOpened(v)}
              >
                查看
              </Button>
            ),
          },
        ]}
      />
      <VersionDrawer activityId={activityId} version={opened} onClose={() => setOpened(null)} />
    </>
  );
}

function findingCount(v: SummaryVersion): string {
  const blocking = v.findings.filter((f) => f.severity === 'blocking').length;
  return blocking ? `${blocking} 项阻断` : v.findings.length ? `${v.findings.length} 项提示` : '全部通过';
}

/** One version opened from 总结版本: its check findings, and its text module by module beside them. */
function VersionDrawer({ activityId, version, onClose }: { activityId: string; version: SummaryVersion | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const full = useSummaryVersion(activityId, version?.id);
  const findings = full.data?.findings ?? version?.findings ?? [];
  return (
    <Drawer
      open={!!version}
      onClose={onClose}
      size={screens.md ? 880 : '100%'}
      title={version ? `第 ${version.versionNo} 版 · ${version.submitted ? '已提交' : '未通过检查'}` : ''}
      destroyOnHidden
      className="version-drawer"
    >
      {version ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label="提交时间">{formatDateTime(version.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="检查结果">{findingCount(version)}</Descriptions.Item>
          </Descriptions>
          {findings.length ? null : <Alert type="success" showIcon title="自动检查全部通过" />}
          {isReadRefusal(full.error) ? (
            <>
              <FindingList findings={findings} />
              <ReadRefused error={full.error} activityId={activityId} />
            </>
          ) : (
            <Loadable loading={full.isPending} error={full.error} retry={full.refetch}>
              {() =>
                full.data?.document ? (
                  <SummaryView doc={full.data.document} findings={findings} />
                ) : (
                  <>
                    <FindingList findings={findings} />
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该版本的正文已不在系统中" />
                  </>
                )
              }
            </Loadable>
          )}
        </Space>
      ) : null}
    </Drawer>
  );
}

/** R-17 过程记录: what happened, who did it and when, read from the lifecycle's own workflow history. */
function TimelineTab({ activityId }: { activityId: string }) {
  const timeline = useTimeline(activityId);
  return (
    <Loadable loading={timeline.isPending} error={timeline.error} retry={timeline.refetch}>
      {() => <TimelineView timeline={timeline.data!} />}
    </Loadable>
  );
}

function ReviewsTab({ activityId }: { activityId: string }) {
  const reviews = useReviews(activityId);
  if (reviews.isPending) return null;
  if (!reviews.data?.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无审核意见" />;
  return <ReviewList reviews={reviews.data} />;
}

export function ReviewList({ reviews }: { reviews: Review[] }) {
  return (
    <Rows
      items={[...reviews].reverse()}
      rowKey={(r) => r.id}
      render={(r) => (
        <Row
          title={
            <Space wrap size={4}>
              <Tag color={r.decision === 'approve' ? 'green' : 'orange'}>
                {REVIEW_LEVEL_LABELS_ZH[r.level]} · {r.decision === 'approve' ? '通过' : '退回修改'}
              </Tag>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                第 {r.versionNo} 版 · {roleLabel(r.reviewer.role)}
                {r.signature ? ` ${r.signature.signer.name}` : ''} · {formatDateTime(r.createdAt)}
              </Typography.Text>
            </Space>
          }
          description={
            r.comments.length ? (
              <ul className="finding-list">
                {r.comments.map((c, i) => (
                  <li key={i}>
                    {c.module ? <Typography.Text strong>{COMMENT_TARGET_LABELS_ZH[c.module] ?? c.module}：</Typography.Text> : null}
                    {c.text}
                  </li>
                ))}
              </ul>
            ) : null
          }
        />
      )}
    />
  );
}

function SignaturesTab({ activityId }: { activityId: string }) {
  const versions = useSummaries(activityId);
  const submitted = (versions.data ?? []).filter((v) => v.submitted);
  const [chosen, setChosen] = useState<string | undefined>();
  const versionId = chosen ?? submitted.at(-1)?.id;
  const signatures = useSignatures(activityId, versionId);
  if (!submitted.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无已签名的版本" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="inline">
        <Form.Item label="版本" htmlFor="signatures-version" style={{ marginBottom: 0 }}>
          <Select
            id="signatures-version"
            aria-label="版本"
            value={versionId}
            onChange={setChosen}
            style={{ width: 160 }}
            options={submitted.map((v) => ({ value: v.id, label: `第 ${v.versionNo} 版` }))}
          />
        </Form.Item>
      </Form>
      <Table
        size="small"
        rowKey="id"
        loading={signatures.isPending}
        pagination={false}
        dataSource={signatures.data ?? []}
        columns={[
          { title: '签名人', key: 'who', render: (_, s) => `${s.signer.name}（${roleLabel(s.signer.role)}）` },
          { title: '签名时间', dataIndex: 'signedAt', responsive: ['md'], render: formatDateTime },
          {
            title: '验证',
            key: 'valid',
            width: 100,
            render: (_, s) =>
              s.valid ? (
                <Tag color="green">验证通过</Tag>
              ) : (
                <Tag color="red" title={s.problems.join('；')}>
                  验证失败
                </Tag>
              ),
          },
          {
            title: '内容哈希',
            dataIndex: 'contentHash',
            responsive: ['lg'],
            render: (h: string) => <Typography.Text code>{h.slice(0, 16)}…</Typography.Text>,
          },
        ]}
      />
    </Space>
  );
}

function EscalationsTab({ activity }: { activity: ActivityDetail }) {
  const session = useSession();
  const canRead = !!session && BOARD_ROLES.includes(session.user.role);
  const escalations = useQuery({
    queryKey: ['escalations', { activityId: activity.id }],
    queryFn: () => call(api.GET('/api/escalations', { params: { query: { activityId: activity.id, kind: 'overdue', pageSize: 100 } } })),
    enabled: canRead,
  });
  // Without the escalation ledger, the lifecycle's own record of its overdue notices.
  const rows: Array<{ key: string; deadlineKey: string; firedAt: string | null; resolvedAt: string | null; open: boolean }> = canRead
    ? (escalations.data?.items ?? []).map((e) => ({
        key: e.id,
        deadlineKey: e.deadlineKey,
        firedAt: e.firedAt,
        resolvedAt: e.resolvedAt,
        open: e.open,
      }))
    : (activity.lifecycle?.escalations ?? [])
        .filter((e) => e.kind === 'overdue')
        .map((e) => {
          const d = activity.lifecycle?.deadlines.find((x) => x.key === e.deadlineKey && x.occurrence === e.occurrence);
          const open = d?.status === 'overdue';
          return {
            key: `${e.deadlineKey}-${e.occurrence}`,
            deadlineKey: e.deadlineKey,
            firedAt: e.firedAt,
            resolvedAt: open ? null : (d?.metAt ?? null),
            open,
          };
        });
  return (
    <Table
      size="small"
      rowKey="key"
      loading={canRead && escalations.isPending}
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: '没有逾期记录' }}
      columns={[
        { title: '逾期事项', dataIndex: 'deadlineKey', render: deadlineLabel },
        { title: '逾期通知时间', dataIndex: 'firedAt', render: formatDateTime },
        {
          title: '状态',
          dataIndex: 'open',
          width: 90,
          render: (open: boolean) => (open ? <Tag color="red">未解决</Tag> : <Tag color="green">已解决</Tag>),
        },
        { title: '解决时间', dataIndex: 'resolvedAt', responsive: ['md'], render: formatDateTime },
      ]}
    />
  );
}

/** R-13.1: admin's permanent marks and their undoing, with who, when and why. */
function RetentionChanges({ changes }: { changes: NonNullable<LifecycleState['retentionChanges']> }) {
  return (
    <Space orientation="vertical" size={0}>
      {changes.map((c) => (
        <span key={c.at}>
          {formatDateTime(c.at)} {c.permanent ? '设为永久保管' : '取消永久保管'}：{c.reason}
        </span>
      ))}
    </Space>
  );
}
