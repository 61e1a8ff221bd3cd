import { useQueries } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isMajorActivity, isPermanentRetention, MAJOR_PARTICIPANT_THRESHOLD } from '../../../../../libs/domain/activity';
import { SPECIAL_MEETING_AFTER_RETURNS, WORKING_DAYS } from '../../../../../libs/domain/lifecycle-machine';
import { api, call, newIdempotencyKey, type Schemas } from '../../api/client';
import { useSession } from '../../api/session';
import { ProvisionalTag } from '../../app/components/DeadlineText';
import { Page } from '../../app/components/Page';
import { MajorTag, PermanentTag } from '../../app/components/StageTag';
import { drafts, showFieldErrors } from '../../app/forms';
import { dayjs, formatDate, toShanghaiIso } from '../../format/dates';
import { ACTIVITY_TYPE_LABELS_ZH } from '../../format/labels';
import { useDepartments } from './queries';

/** in the domain's numbers: the threshold and the return that calls the special meeting. */
const MAJOR_RULE_ZH =
  `计划或实际参与超过 ${MAJOR_PARTICIPANT_THRESHOLD} 人、或涉及行业政策发布的为重大活动（第 ${SPECIAL_MEETING_AFTER_RETURNS} 次退回后须召开专题会议）；` +
  '周年庆典与国家级赛事的总结永久保管。';

type Body = Schemas['RegisterActivityDto'];
interface Values extends Omit<Body, 'startAt' | 'endAt'> {
  startAt?: Dayjs;
  endAt?: Dayjs;
}

const DRAFT_KEY = 'activity-summary.register-draft';
const DUE = [
  { key: 'baseData', label: '基础数据', days: WORKING_DAYS.baseData },
  { key: 'draft', label: '初稿', days: WORKING_DAYS.draft },
  { key: 'final', label: '终稿', days: WORKING_DAYS.final },
] as const;

function restore(): Partial<Values> | undefined {
  const d = drafts.load<Record<string, unknown>>(sessionStorage, DRAFT_KEY);
  if (!d) return undefined;
  const { startAt, endAt, ...rest } = d;
  return {
    ...(rest as Partial<Values>),
    ...(typeof startAt === 'string' ? { startAt: dayjs(startAt) } : {}),
    ...(typeof endAt === 'string' ? { endAt: dayjs(endAt) } : {}),
  };
}

/** 登记活动: every field of POST /api/activities; the three due dates as soon as the end is known. */
export default function RegisterPage() {
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const departments = useDepartments();
  // One key per form: a double click (or a retry after a lost answer) registers once.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [initial] = useState<Partial<Values>>(
    () =>
      restore() ?? {
        leadDepartment: session?.user.department ?? undefined,
        plannedParticipants: { online: 0, offline: 0 },
        releasesPolicy: false,
        anniversary: false,
        nationalLevel: false,
      },
  );
  const [busy, setBusy] = useState(false);
  const [alerts, setAlerts] = useState<string[]>([]);

  const endAt = Form.useWatch('endAt', form);
  const planned = Form.useWatch('plannedParticipants', form);
  const releasesPolicy = Form.useWatch('releasesPolicy', form);
  const anniversary = Form.useWatch('anniversary', form);
  const nationalLevel = Form.useWatch('nationalLevel', form);
  const major = isMajorActivity({
    plannedParticipants: { online: Number(planned?.online ?? 0), offline: Number(planned?.offline ?? 0) },
    releasesPolicy: !!releasesPolicy,
  });
  const permanent = isPermanentRetention({ anniversary: !!anniversary, nationalLevel: !!nationalLevel });

  const after = endAt?.isValid() ? toShanghaiIso(endAt) : null;
  const due = useQueries({
    queries: DUE.map((d) => ({
      queryKey: ['deadline', after, d.days],
      queryFn: () => call(api.GET('/api/calendar/deadline', { params: { query: { after: after!, workingDays: d.days } } })),
      enabled: !!after,
      staleTime: 60_000,
    })),
  });

  const onFinish = async (values: Values) => {
    setBusy(true);
    setAlerts([]);
    const body: Body = {
      ...values,
      name: values.name?.trim(),
      location: values.location?.trim(),
      coOrganizers: values.coOrganizers ?? [],
      partners: values.partners ?? [],
      startAt: values.startAt ? toShanghaiIso(values.startAt) : '',
      endAt: values.endAt ? toShanghaiIso(values.endAt) : '',
    };
    try {
      const { id } = await call(api.POST('/api/activities', { body, headers: { 'Idempotency-Key': idempotencyKey } }));
      drafts.clear(sessionStorage, DRAFT_KEY);
      message.success('活动已登记，总结流程已启动');
      void navigate(`/activities/${id}`);
    } catch (err) {
      setAlerts(showFieldErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  const deptOptions = (departments.data ?? []).map((d) => ({ value: d.code, label: d.nameZh }));
  const scoped = session?.user.role === 'staff' || session?.user.role === 'dept_head';

  return (
    <Page title="登记活动" crumbs={[{ title: '活动', to: '/activities' }, { title: '登记活动' }]}>
      {alerts.length ? (
        <Alert
          className="section"
          type="error"
          showIcon
          title={alerts[0]}
          description={alerts.length > 1 ? alerts.slice(1).join('；') : undefined}
        />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        requiredMark
        onValuesChange={(_, all) =>
          drafts.save(sessionStorage, DRAFT_KEY, { ...all, startAt: all.startAt?.toISOString(), endAt: all.endAt?.toISOString() })
        }
        onFinish={(v) => void onFinish(v)}
      >
        <Card title="基本信息" className="section">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                label="活动名称"
                name="name"
                rules={[{ required: true, whitespace: true, message: '请填写活动名称' }, { max: 200 }]}
              >
                <Input placeholder="如：2026青年导演论坛" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="活动类型" name="type" rules={[{ required: true, message: '请选择活动类型' }]}>
                <Select options={Object.entries(ACTIVITY_TYPE_LABELS_ZH).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="主办部门" name="leadDepartment" rules={[{ required: true, message: '请选择主办部门' }]}>
                <Select options={deptOptions} loading={departments.isPending} disabled={scoped} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="协办单位" name="coOrganizers" tooltip="协会内协办的部门">
                <Select mode="multiple" options={deptOptions} placeholder="可多选" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label="合作单位" name="partners" tooltip="外部合作机构，输入后回车">
                <Select mode="tags" placeholder="如：某某影视集团" open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title="时间与地点" className="section">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="开始时间" name="startAt" rules={[{ required: true, message: '请选择开始时间' }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label="结束时间"
                name="endAt"
                dependencies={['startAt']}
                rules={[
                  { required: true, message: '请选择结束时间' },
                  ({ getFieldValue }) => ({
                    validator: (_, v?: Dayjs) => {
                      const start = getFieldValue('startAt') as Dayjs | undefined;
                      return !v || !start || !v.isBefore(start) ? Promise.resolve() : Promise.reject(new Error('结束时间不能早于开始时间'));
                    },
                  }),
                ]}
              >
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                label="活动地点"
                name="location"
                rules={[{ required: true, whitespace: true, message: '请填写活动地点' }, { max: 300 }]}
              >
                <Input placeholder="如：协会多功能厅" />
              </Form.Item>
            </Col>
          </Row>
          {after ? (
            <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} title="截止日期（按工作日计算）" className="due-dates">
              {DUE.map((d, i) => {
                const q = due[i]!;
                return (
                  <Descriptions.Item key={d.key} label={`${d.label}（${d.days} 个工作日）`}>
                    {q.data ? (
                      <Space size={4} wrap>
                        <span data-due={d.key}>{formatDate(q.data.dueAt)}</span>
                        {q.data.provisional ? <ProvisionalTag /> : null}
                      </Space>
                    ) : q.error ? (
                      <Typography.Text type="danger">无法计算</Typography.Text>
                    ) : (
                      '计算中…'
                    )}
                  </Descriptions.Item>
                );
              })}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">选择结束时间后，这里显示基础数据、初稿和终稿的截止日期。</Typography.Text>
          )}
        </Card>
        <Card
          title="规模与性质"
          className="section"
          extra={
            <Space size={4}>
              {major ? <MajorTag /> : null}
              {permanent ? <PermanentTag /> : null}
            </Space>
          }
        >
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item label="线上人数" name={['plannedParticipants', 'online']} rules={[{ required: true, message: '请填写线上人数' }]}>
                <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="线下人数" name={['plannedParticipants', 'offline']} rules={[{ required: true, message: '请填写线下人数' }]}>
                <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="releasesPolicy" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>涉及行业政策发布</Checkbox>
          </Form.Item>
          <Form.Item name="anniversary" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>周年庆典</Checkbox>
          </Form.Item>
          <Form.Item name="nationalLevel" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>国家级赛事</Checkbox>
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {MAJOR_RULE_ZH}
          </Typography.Paragraph>
        </Card>
        <div className="sticky-footer">
          <Button onClick={() => void navigate(-1)}>取消</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            登记
          </Button>
        </div>
      </Form>
    </Page>
  );
}
