import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ATTACHMENT_KIND_LABELS_ZH } from '../../../../../libs/summary/document';
import { participationRate, questionnaireReturnRate, satisfactionRate } from '../../../../../libs/summary/metrics';
import { formatDateTime } from '../../format/dates';
import { formatNumber, formatRate, formatYuan } from '../../format/numbers';
import { useDepartmentName } from '../activities/queries';
import { FindingList } from './FindingList';
import { SUMMARY_MODULE_LABELS_ZH, SUMMARY_MODULES, moduleOf, type Finding, type SummaryDocument, type SummaryModule } from './model';

const split = (s: { online: number; offline: number } | undefined) =>
  s ? `线上 ${formatNumber(s.online)} · 线下 ${formatNumber(s.offline)}` : '—';
const text = (v: string | undefined | null) => (v && v.trim() ? v : '—');

/**
 * A submitted version, read-only, module by module (审核 and 总结版本). `aside(module)` is placed
 * beside each module: the reviewer's comment box, or the comments a returned summary got.
 */
export function SummaryView({
  doc,
  findings = [],
  aside,
}: {
  doc: SummaryDocument;
  findings?: Finding[];
  aside?: (module: SummaryModule) => ReactNode;
}) {
  const dept = useDepartmentName();
  const q = doc.effectiveness.quantitative;
  const body: Record<SummaryModule, ReactNode> = {
    overview: (
      <>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered className="doc-view">
          <Descriptions.Item label="活动名称">{doc.overview.basicInfo.name}</Descriptions.Item>
          <Descriptions.Item label="活动地点">{doc.overview.basicInfo.place}</Descriptions.Item>
          <Descriptions.Item label="开始时间">{formatDateTime(doc.overview.basicInfo.startAt)}</Descriptions.Item>
          <Descriptions.Item label="结束时间">{formatDateTime(doc.overview.basicInfo.endAt)}</Descriptions.Item>
          <Descriptions.Item label="主办单位">{doc.overview.basicInfo.organizer}</Descriptions.Item>
          <Descriptions.Item label="承办单位">{text(doc.overview.basicInfo.host)}</Descriptions.Item>
          <Descriptions.Item label="协办单位" span="filled">
            {doc.overview.basicInfo.coOrganizers.join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="活动背景" span="filled">
            {text(doc.overview.goals.background)}
          </Descriptions.Item>
          <Descriptions.Item label="参与会员">{split(doc.overview.participation.members)}</Descriptions.Item>
          <Descriptions.Item label="嘉宾">{split(doc.overview.participation.guests)}</Descriptions.Item>
          <Descriptions.Item label="观众">{split(doc.overview.participation.audience)}</Descriptions.Item>
          <Descriptions.Item label="重点参与单位">{doc.overview.participation.keyOrganisations.join('、') || '—'}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>量化目标</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={doc.overview.goals.targets.map((t, i) => ({ ...t, key: i }))}
          columns={[
            { title: '指标', dataIndex: 'indicator' },
            { title: '目标', key: 't', render: (_, t) => `${formatNumber(t.target)} ${t.unit}` },
            { title: '实际', key: 'a', render: (_, t) => (t.actual === undefined ? '—' : `${formatNumber(t.actual)} ${t.unit}`) },
          ]}
        />
        <Typography.Title level={5}>人员分工</Typography.Title>
        <ul className="finding-list">
          {doc.overview.participation.staffRoles.map((r, i) => (
            <li key={i}>
              {r.role}（{r.headcount} 人）：{r.duty}
            </li>
          ))}
        </ul>
      </>
    ),
    execution: (
      <>
        <Descriptions size="small" column={1} bordered className="doc-view">
          <Descriptions.Item label="方案设计">{text(doc.execution.preparation.plan)}</Descriptions.Item>
          <Descriptions.Item label="预算">{formatYuan(doc.execution.preparation.budgetYuan)}</Descriptions.Item>
          <Descriptions.Item label="资源协调">{text(doc.execution.preparation.resources)}</Descriptions.Item>
          <Descriptions.Item label="风险预案">{doc.execution.preparation.riskPlans.join('\n') || '—'}</Descriptions.Item>
          <Descriptions.Item label="现场管理">{text(doc.execution.implementation.onSiteManagement)}</Descriptions.Item>
          <Descriptions.Item label="技术保障">{text(doc.execution.implementation.technicalSupport)}</Descriptions.Item>
          <Descriptions.Item label="物资清点">{text(doc.execution.closing.inventoryReturn)}</Descriptions.Item>
          <Descriptions.Item label="费用结算">
            预算 {formatYuan(doc.execution.closing.expenseSettlement.budgetYuan)} · 实际{' '}
            {formatYuan(doc.execution.closing.expenseSettlement.actualYuan)}
          </Descriptions.Item>
          <Descriptions.Item label="意见收集">{text(doc.execution.closing.feedbackCollection)}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>环节时间</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={doc.execution.implementation.segments.map((t, i) => ({ ...t, key: i }))}
          columns={[
            { title: '环节', dataIndex: 'segment' },
            { title: '计划（分钟）', dataIndex: 'plannedMinutes' },
            { title: '实际（分钟）', dataIndex: 'actualMinutes' },
          ]}
        />
      </>
    ),
    effectiveness: (
      <Descriptions size="small" column={1} bordered className="doc-view">
        <Descriptions.Item label="参与率">
          {formatRate(participationRate(q.participation), q.participation.actual, q.participation.planned)}
        </Descriptions.Item>
        <Descriptions.Item label="满意度">
          {formatRate(
            satisfactionRate(q.satisfaction),
            q.satisfaction.satisfied + q.satisfaction.fairlySatisfied,
            q.satisfaction.responses,
          )}
          （满意 {formatNumber(q.satisfaction.satisfied)}，较满意 {formatNumber(q.satisfaction.fairlySatisfied)}）
        </Descriptions.Item>
        <Descriptions.Item label="问卷回收率">
          {formatRate(questionnaireReturnRate(q.questionnaire), q.questionnaire.returned, q.questionnaire.issued)}
        </Descriptions.Item>
        <Descriptions.Item label="媒体曝光">
          电视报道 {formatNumber(q.mediaExposure.tvReports)} 条 · 网络报道 {formatNumber(q.mediaExposure.webReports)} 条 · 短视频播放{' '}
          {formatNumber(q.mediaExposure.shortVideoPlays)} 次 · 话题阅读 {formatNumber(q.mediaExposure.topicReads)} 次
        </Descriptions.Item>
        <Descriptions.Item label="行业影响">{text(doc.effectiveness.qualitative.industryImpact)}</Descriptions.Item>
        <Descriptions.Item label="社会价值">{text(doc.effectiveness.qualitative.socialValue)}</Descriptions.Item>
        <Descriptions.Item label="会员反馈">{text(doc.effectiveness.qualitative.memberFeedback)}</Descriptions.Item>
      </Descriptions>
    ),
    lessons: (
      <Descriptions size="small" column={1} bordered className="doc-view">
        <Descriptions.Item label="亮点">
          {doc.lessons.highlights.map((h, i) => (
            <div key={i}>
              {i + 1}. {h.practice} {h.replicable ? <Tag>可复制</Tag> : <Tag>特色环节</Tag>}
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label="问题">
          {doc.lessons.problems.map((p, i) => (
            <div key={i}>
              {i + 1}. {p.description} <Tag>{p.kind === 'weakness' ? '自身不足' : '客观限制'}</Tag>
            </div>
          ))}
        </Descriptions.Item>
      </Descriptions>
    ),
    improvements: (
      <ol className="finding-list">
        {doc.improvements.suggestions.map((s, i) => (
          <li key={i} style={{ marginBottom: 8 }}>
            <div>{s.measure}</div>
            <Typography.Text type="secondary">
              责任部门 {dept(s.responsibleDepartment)}
              {s.coordinatingDepartment ? ` · 配合部门 ${dept(s.coordinatingDepartment)}` : ''} · 完成时限 {s.deadline || '—'} · 资源需求{' '}
              {s.resourceNeeds || '—'}
            </Typography.Text>
          </li>
        ))}
      </ol>
    ),
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {doc.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          编制人：{doc.compiler.name}（{dept(doc.compiler.department)}）
        </Typography.Text>
        <FindingList findings={findings.filter((f) => !SUMMARY_MODULES.includes(moduleOf(f) as SummaryModule))} />
      </Card>
      {SUMMARY_MODULES.map((m, i) => (
        <Card key={m} size="small" title={`${i + 1}. ${SUMMARY_MODULE_LABELS_ZH[m]}`} data-module={m}>
          <FindingList findings={findings.filter((f) => moduleOf(f) === m)} />
          {body[m]}
          {aside ? <div style={{ marginTop: 12 }}>{aside(m)}</div> : null}
        </Card>
      ))}
      <Card size="small" title="附件清单">
        {doc.attachments.length ? (
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            {[...doc.attachments]
              .sort((a, b) => a.order - b.order)
              .map((a) => (
                <li key={a.attachmentId}>{ATTACHMENT_KIND_LABELS_ZH[a.kind] ?? a.kind}</li>
              ))}
          </ol>
        ) : (
          <Alert type="warning" title="未列附件" />
        )}
      </Card>
    </Space>
  );
}
