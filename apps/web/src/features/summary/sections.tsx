/** The five modules of SPEC §4 as form sections (libs/summary/document.ts field by field). */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { participationRate, questionnaireReturnRate, satisfactionRate } from '../../../../../libs/summary/metrics';
import type { Department } from '../../api/views';
import { dayjs, formatDateTime } from '../../format/dates';
import { formatRate } from '../../format/numbers';
import { Field, GroupFindings } from './fields';

const { TextArea } = Input;
const count = { min: 0, precision: 0, style: { width: '100%' } } as const;
const amount = { min: 0, style: { width: '100%' } } as const;

/** A repeatable group (Form.List) with add and remove. */
function ListOf({
  path,
  title,
  add,
  min = 1,
  children,
}: {
  path: (string | number)[];
  title: string;
  add: () => unknown;
  min?: number;
  children: (index: number, name: number) => ReactNode;
}) {
  return (
    <Form.List name={path}>
      {(fields, ops) => (
        <div className="section">
          <Typography.Text strong>{title}</Typography.Text>
          <GroupFindings path={path.join('.')} />
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              style={{ marginTop: 8 }}
              title={`${title} ${i + 1}`}
              extra={
                fields.length > min ? (
                  <Button
                    type="text"
                    danger
                    size="small"
                    icon={<DeleteOutlined />}
                    aria-label={`删除${title} ${i + 1}`}
                    onClick={() => ops.remove(f.name)}
                  />
                ) : null
              }
            >
              {children(i, f.name)}
            </Card>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => ops.add(add())} block>
            添加{title}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function Split({ path, label }: { path: string[]; label: string }) {
  return (
    <Row gutter={8}>
      <Col xs={12}>
        <Field path={[...path, 'online']} label={`${label}（线上）`} rules={[{ required: true, message: '必填' }]}>
          <InputNumber {...count} />
        </Field>
      </Col>
      <Col xs={12}>
        <Field path={[...path, 'offline']} label={`${label}（线下）`} rules={[{ required: true, message: '必填' }]}>
          <InputNumber {...count} />
        </Field>
      </Col>
    </Row>
  );
}

export function OverviewSection() {
  const P = ['overview'];
  return (
    <>
      <Typography.Title level={5}>基本信息</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Field path={[...P, 'basicInfo', 'name']} label="活动名称" rules={[{ required: true, message: '必填' }]}>
            <Input />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          <Field path={[...P, 'basicInfo', 'place']} label="活动地点" rules={[{ required: true, message: '必填' }]}>
            <Input />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          <Field path={[...P, 'basicInfo', 'startAt']} label="开始时间" getValueProps={(v: string) => ({ value: formatDateTime(v) })}>
            <Input disabled />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          <Field path={[...P, 'basicInfo', 'endAt']} label="结束时间" getValueProps={(v: string) => ({ value: formatDateTime(v) })}>
            <Input disabled />
          </Field>
        </Col>
        <Col xs={24} md={8}>
          <Field path={[...P, 'basicInfo', 'organizer']} label="主办单位" rules={[{ required: true, message: '必填' }]}>
            <Input />
          </Field>
        </Col>
        <Col xs={24} md={8}>
          <Field path={[...P, 'basicInfo', 'host']} label="承办单位" rules={[{ required: true, message: '必填' }]}>
            <Input />
          </Field>
        </Col>
        <Col xs={24} md={8}>
          <Field path={[...P, 'basicInfo', 'coOrganizers']} label="协办单位">
            <Select mode="tags" open={false} suffixIcon={null} placeholder="输入后回车" />
          </Field>
        </Col>
      </Row>
      <Typography.Title level={5}>目标设定</Typography.Title>
      <Field path={[...P, 'goals', 'background']} label="活动背景" rules={[{ required: true, message: '必填' }]}>
        <TextArea autoSize={{ minRows: 2 }} />
      </Field>
      <ListOf path={[...P, 'goals', 'targets']} title="量化目标" add={() => ({ indicator: '', unit: '', target: 0 })}>
        {(i, name) => (
          <Row gutter={8}>
            <Col xs={24} md={10}>
              <Field path={[...P, 'goals', 'targets', i, 'indicator']} name={[name, 'indicator']} label="指标">
                <Input />
              </Field>
            </Col>
            <Col xs={8} md={4}>
              <Field path={[...P, 'goals', 'targets', i, 'unit']} name={[name, 'unit']} label="单位">
                <Input placeholder="人、%、次" />
              </Field>
            </Col>
            <Col xs={8} md={5}>
              <Field path={[...P, 'goals', 'targets', i, 'target']} name={[name, 'target']} label="目标值">
                <InputNumber {...amount} />
              </Field>
            </Col>
            <Col xs={8} md={5}>
              <Field path={[...P, 'goals', 'targets', i, 'actual']} name={[name, 'actual']} label="实际值">
                <InputNumber {...amount} />
              </Field>
            </Col>
          </Row>
        )}
      </ListOf>
      <Typography.Title level={5}>参与情况</Typography.Title>
      <ListOf path={[...P, 'participation', 'staffRoles']} title="人员分工" add={() => ({ role: '', duty: '', headcount: 1 })}>
        {(i, name) => (
          <Row gutter={8}>
            <Col xs={16} md={8}>
              <Field path={[...P, 'participation', 'staffRoles', i, 'role']} name={[name, 'role']} label="分工">
                <Input placeholder="如：会务组" />
              </Field>
            </Col>
            <Col xs={8} md={4}>
              <Field path={[...P, 'participation', 'staffRoles', i, 'headcount']} name={[name, 'headcount']} label="人数">
                <InputNumber {...count} />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field path={[...P, 'participation', 'staffRoles', i, 'duty']} name={[name, 'duty']} label="职责">
                <Input />
              </Field>
            </Col>
          </Row>
        )}
      </ListOf>
      <Split path={[...P, 'participation', 'members']} label="参与会员" />
      <Split path={[...P, 'participation', 'guests']} label="嘉宾" />
      <Split path={[...P, 'participation', 'audience']} label="观众" />
      <Field path={[...P, 'participation', 'keyOrganisations']} label="重点参与单位">
        <Select mode="tags" open={false} suffixIcon={null} placeholder="输入后回车" />
      </Field>
    </>
  );
}

export function ExecutionSection() {
  const P = ['execution'];
  return (
    <>
      <Typography.Title level={5}>筹备阶段</Typography.Title>
      <Field path={[...P, 'preparation', 'plan']} label="方案设计" rules={[{ required: true, message: '必填' }]}>
        <TextArea autoSize={{ minRows: 2 }} />
      </Field>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Field path={[...P, 'preparation', 'budgetYuan']} label="预算（元）">
            <InputNumber {...amount} />
          </Field>
        </Col>
        <Col xs={24} md={16}>
          <Field path={[...P, 'preparation', 'resources']} label="资源协调" rules={[{ required: true, message: '必填' }]}>
            <Input />
          </Field>
        </Col>
      </Row>
      <ListOf path={[...P, 'preparation', 'riskPlans']} title="风险预案" add={() => ''}>
        {(i, name) => (
          <Field path={[...P, 'preparation', 'riskPlans', i]} name={[name]} label="预案内容">
            <Input />
          </Field>
        )}
      </ListOf>
      <Typography.Title level={5}>实施阶段</Typography.Title>
      <ListOf path={[...P, 'implementation', 'segments']} title="环节" add={() => ({ segment: '', plannedMinutes: 0, actualMinutes: 0 })}>
        {(i, name) => (
          <Row gutter={8}>
            <Col xs={24} md={12}>
              <Field path={[...P, 'implementation', 'segments', i, 'segment']} name={[name, 'segment']} label="环节名称">
                <Input />
              </Field>
            </Col>
            <Col xs={12} md={6}>
              <Field
                path={[...P, 'implementation', 'segments', i, 'plannedMinutes']}
                name={[name, 'plannedMinutes']}
                label="计划时长（分钟）"
              >
                <InputNumber {...count} />
              </Field>
            </Col>
            <Col xs={12} md={6}>
              <Field
                path={[...P, 'implementation', 'segments', i, 'actualMinutes']}
                name={[name, 'actualMinutes']}
                label="实际时长（分钟）"
              >
                <InputNumber {...count} />
              </Field>
            </Col>
          </Row>
        )}
      </ListOf>
      <Field path={[...P, 'implementation', 'onSiteManagement']} label="现场管理" rules={[{ required: true, message: '必填' }]}>
        <TextArea autoSize={{ minRows: 2 }} />
      </Field>
      <Field path={[...P, 'implementation', 'technicalSupport']} label="技术保障" rules={[{ required: true, message: '必填' }]}>
        <TextArea autoSize={{ minRows: 2 }} />
      </Field>
      <Typography.Title level={5}>收尾阶段</Typography.Title>
      <Field path={[...P, 'closing', 'inventoryReturn']} label="物资清点与归还" rules={[{ required: true, message: '必填' }]}>
        <Input />
      </Field>
      <Row gutter={16}>
        <Col xs={12}>
          <Field path={[...P, 'closing', 'expenseSettlement', 'budgetYuan']} label="费用预算（元）">
            <InputNumber {...amount} />
          </Field>
        </Col>
        <Col xs={12}>
          <Field path={[...P, 'closing', 'expenseSettlement', 'actualYuan']} label="实际支出（元）">
            <InputNumber {...amount} />
          </Field>
        </Col>
      </Row>
      <Field path={[...P, 'closing', 'feedbackCollection']} label="参与者意见收集" rules={[{ required: true, message: '必填' }]}>
        <Input />
      </Field>
    </>
  );
}

type Quantitative = {
  participation?: { planned?: number; actual?: number };
  satisfaction?: { responses?: number; satisfied?: number; fairlySatisfied?: number };
  questionnaire?: { issued?: number; returned?: number };
};

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** "按来源数据计算：91.3% = 168/184", beside the stated rate. */
function Computed({ rate, num, den }: { rate: number | null; num: number; den: number }) {
  return <Typography.Text type="secondary">按来源数据计算：{rate === null ? '—' : formatRate(rate, num, den)}</Typography.Text>;
}

export function EffectivenessSection({ q }: { q: Quantitative | undefined }) {
  const P = ['effectiveness', 'quantitative'];
  const p = q?.participation ?? {};
  const s = q?.satisfaction ?? {};
  const qs = q?.questionnaire ?? {};
  const pr = n(p.planned) > 0 ? participationRate({ planned: n(p.planned), actual: n(p.actual) }) : null;
  const sr =
    n(s.responses) > 0
      ? satisfactionRate({ responses: n(s.responses), satisfied: n(s.satisfied), fairlySatisfied: n(s.fairlySatisfied) })
      : null;
  const qr = n(qs.issued) > 0 ? questionnaireReturnRate({ issued: n(qs.issued), returned: n(qs.returned) }) : null;
  return (
    <>
      <Typography.Paragraph type="secondary">
        比率不可单独填写：先填来源数据，系统据此计算；填报比率与计算结果相差超过 0.5 个百分点将无法提交（R-9.2）。
      </Typography.Paragraph>
      <Typography.Title level={5}>参与率 = 实际参与人数 / 计划参与人数</Typography.Title>
      <GroupFindings path={[...P, 'participation'].join('.')} />
      <Row gutter={8}>
        <Col xs={12} md={6}>
          <Field path={[...P, 'participation', 'planned']} label="计划参与人数">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={12} md={6}>
          <Field path={[...P, 'participation', 'actual']} label="实际参与人数">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          <Field
            path={[...P, 'participation', 'statedRate']}
            label="填报参与率（%）"
            extra={<Computed rate={pr} num={n(p.actual)} den={n(p.planned)} />}
          >
            <InputNumber min={0} max={1000} step={0.1} style={{ width: '100%' }} />
          </Field>
        </Col>
      </Row>
      <Typography.Title level={5}>满意度 =（满意 + 较满意）/ 有效答卷</Typography.Title>
      <GroupFindings path={[...P, 'satisfaction'].join('.')} />
      <Row gutter={8}>
        <Col xs={8} md={4}>
          <Field path={[...P, 'satisfaction', 'responses']} label="有效答卷">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={8} md={4}>
          <Field path={[...P, 'satisfaction', 'satisfied']} label="满意">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={8} md={4}>
          <Field path={[...P, 'satisfaction', 'fairlySatisfied']} label="较满意">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          <Field
            path={[...P, 'satisfaction', 'statedRate']}
            label="填报满意度（%）"
            extra={<Computed rate={sr} num={n(s.satisfied) + n(s.fairlySatisfied)} den={n(s.responses)} />}
          >
            <InputNumber min={0} max={100} step={0.1} style={{ width: '100%' }} />
          </Field>
        </Col>
      </Row>
      <Typography.Title level={5}>问卷回收率 = 回收份数 / 发放份数</Typography.Title>
      <GroupFindings path={[...P, 'questionnaire'].join('.')} />
      <Row gutter={8}>
        <Col xs={12} md={6}>
          <Field path={[...P, 'questionnaire', 'issued']} label="发放问卷（份）">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={12} md={6}>
          <Field path={[...P, 'questionnaire', 'returned']} label="回收问卷（份）">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          <Field
            path={[...P, 'questionnaire', 'statedRate']}
            label="填报回收率（%）"
            extra={<Computed rate={qr} num={n(qs.returned)} den={n(qs.issued)} />}
          >
            <InputNumber min={0} max={100} step={0.1} style={{ width: '100%' }} />
          </Field>
        </Col>
      </Row>
      <Typography.Title level={5}>媒体曝光</Typography.Title>
      <Row gutter={8}>
        <Col xs={12} md={6}>
          <Field path={[...P, 'mediaExposure', 'tvReports']} label="电视报道（条）">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={12} md={6}>
          <Field path={[...P, 'mediaExposure', 'webReports']} label="网络报道（条）">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={12} md={6}>
          <Field path={[...P, 'mediaExposure', 'shortVideoPlays']} label="短视频播放（次）">
            <InputNumber {...count} />
          </Field>
        </Col>
        <Col xs={12} md={6}>
          <Field path={[...P, 'mediaExposure', 'topicReads']} label="话题阅读（次）">
            <InputNumber {...count} />
          </Field>
        </Col>
      </Row>
      <Typography.Title level={5}>定性评估</Typography.Title>
      <Field path={['effectiveness', 'qualitative', 'industryImpact']} label="行业影响" rules={[{ required: true, message: '必填' }]}>
        <TextArea autoSize={{ minRows: 2 }} />
      </Field>
      <Field path={['effectiveness', 'qualitative', 'socialValue']} label="社会价值" rules={[{ required: true, message: '必填' }]}>
        <TextArea autoSize={{ minRows: 2 }} />
      </Field>
      <Field path={['effectiveness', 'qualitative', 'memberFeedback']} label="会员反馈" rules={[{ required: true, message: '必填' }]}>
        <TextArea autoSize={{ minRows: 2 }} />
      </Field>
    </>
  );
}

export function LessonsSection() {
  const P = ['lessons'];
  return (
    <>
      <ListOf path={[...P, 'highlights']} title="亮点" add={() => ({ practice: '', replicable: true })}>
        {(i, name) => (
          <Row gutter={8}>
            <Col xs={24} md={16}>
              <Field path={[...P, 'highlights', i, 'practice']} name={[name, 'practice']} label="做法">
                <TextArea autoSize={{ minRows: 1 }} />
              </Field>
            </Col>
            <Col xs={24} md={8}>
              <Field path={[...P, 'highlights', i, 'replicable']} name={[name, 'replicable']} label="类型">
                <Select
                  options={[
                    { value: true, label: '可复制做法' },
                    { value: false, label: '特色环节' },
                  ]}
                />
              </Field>
            </Col>
          </Row>
        )}
      </ListOf>
      <ListOf path={[...P, 'problems']} title="问题" add={() => ({ description: '', kind: 'weakness' })}>
        {(i, name) => (
          <Row gutter={8}>
            <Col xs={24} md={16}>
              <Field
                path={[...P, 'problems', i, 'description']}
                name={[name, 'description']}
                label="问题描述"
                tooltip="写明可衡量的事实：数字、比例或渠道（R-9.3）"
              >
                <TextArea autoSize={{ minRows: 1 }} />
              </Field>
            </Col>
            <Col xs={24} md={8}>
              <Field path={[...P, 'problems', i, 'kind']} name={[name, 'kind']} label="性质">
                <Select
                  options={[
                    { value: 'weakness', label: '自身不足' },
                    { value: 'constraint', label: '客观限制' },
                  ]}
                />
              </Field>
            </Col>
          </Row>
        )}
      </ListOf>
    </>
  );
}

export function ImprovementsSection({ departments }: { departments: Department[] }) {
  const P = ['improvements', 'suggestions'];
  const options = departments.map((d) => ({ value: d.code, label: d.nameZh }));
  return (
    <ListOf path={P} title="改进建议" add={() => ({ measure: '', responsibleDepartment: '', deadline: '', resourceNeeds: '' })}>
      {(i, name) => (
        <>
          <Field path={[...P, i, 'measure']} name={[name, 'measure']} label="具体措施">
            <TextArea autoSize={{ minRows: 2 }} />
          </Field>
          <Row gutter={8}>
            <Col xs={24} md={8}>
              <Field path={[...P, i, 'responsibleDepartment']} name={[name, 'responsibleDepartment']} label="责任部门">
                <Select options={options} />
              </Field>
            </Col>
            <Col xs={24} md={8}>
              <Field path={[...P, i, 'coordinatingDepartment']} name={[name, 'coordinatingDepartment']} label="配合部门">
                <Select options={options} allowClear />
              </Field>
            </Col>
            <Col xs={24} md={8}>
              <Field
                path={[...P, i, 'deadline']}
                name={[name, 'deadline']}
                label="完成时限"
                getValueProps={(v: string) => ({ value: v ? dayjs(v) : null })}
                normalize={(d: { format: (f: string) => string } | null) => (d ? d.format('YYYY-MM-DD') : '')}
              >
                <DatePicker style={{ width: '100%' }} />
              </Field>
            </Col>
          </Row>
          <Field path={[...P, i, 'resourceNeeds']} name={[name, 'resourceNeeds']} label="资源需求">
            <Input />
          </Field>
        </>
      )}
    </ListOf>
  );
}
