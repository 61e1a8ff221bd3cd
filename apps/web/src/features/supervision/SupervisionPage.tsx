import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { download } from '../../api/client';
import { ErrorState, errorMessage, Page } from '../../app/components/Page';
import { StageTag } from '../../app/components/StageTag';
import { showFieldErrors } from '../../app/forms';
import { dayjs, formatDate, formatDateTime, shanghai } from '../../format/dates';
import { roleLabel, typeLabel } from '../../format/labels';
import { formatNumber } from '../../format/numbers';
import { SUPERVISION_STATUS_LABELS_ZH } from '../../../../../libs/supervision/labels';
import { useDepartmentName } from '../activities/queries';
import { useDrawSample, useSample, type SampleItem, type SampleReport } from './queries';
import { TimelineDeadlines, TimelineEvents } from './TimelineView';

/** The API's limits (apps/api/src/supervision/dto: SAMPLE_SIZE_MAX, the seed's pattern). */
const SIZE_MAX = 50;
const SEED_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

interface DrawValues {
  from: Dayjs;
  to: Dayjs;
  size: number;
  seed?: string;
}

/**
 * 监督抽查: the supervisor (or management) draws activities that ended in a period, then reads
 * each one's evidence: the timeline from the workflow history, the deadlines, archive completeness and
 * the suggestion records; 下载 Word exports the same. The sample's id stays in the address.
 */
export default function SupervisionPage() {
  const [params, setParams] = useSearchParams();
  const sampleId = params.get('sample');
  const sample = useSample(sampleId);
  return (
    <Page title="监督抽查" crumbs={[{ title: '监督抽查' }]}>
      <DrawForm onDrawn={(id) => setParams({ sample: id })} />
      {sampleId ? (
        sample.error ? (
          <ErrorState error={sample.error} retry={sample.refetch} />
        ) : sample.data ? (
          <SampleView report={sample.data} />
        ) : (
          <Card size="small" loading />
        )
      ) : null}
    </Page>
  );
}

function DrawForm({ onDrawn }: { onDrawn: (id: string) => void }) {
  const [form] = Form.useForm<DrawValues>();
  const draw = useDrawSample();
  const [error, setError] = useState<string | null>(null);
  const today = shanghai();
  const submit = async (v: DrawValues) => {
    setError(null);
    try {
      const seed = v.seed?.trim();
      const drawn = await draw.mutateAsync({
        from: v.from.format('YYYY-MM-DD'),
        to: v.to.format('YYYY-MM-DD'),
        size: v.size,
        ...(seed ? { seed } : {}),
      });
      onDrawn(drawn.id);
    } catch (err) {
      const rest = showFieldErrors(form, err);
      setError(rest.length ? rest.join('；') : errorMessage(err));
    }
  };
  return (
    <Card size="small" title="抽取样本" className="section">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<DrawValues>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ from: dayjs(`${today.year()}-01-01`), to: dayjs(today.format('YYYY-MM-DD')), size: 5 }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item label="期间开始" name="from" rules={[{ required: true, message: '请选择期间开始日期' }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item
              label="期间结束"
              name="to"
              dependencies={['from']}
              rules={[
                { required: true, message: '请选择期间结束日期' },
                ({ getFieldValue }) => ({
                  validator: (_r, v?: Dayjs) => {
                    const from = getFieldValue('from') as Dayjs | undefined;
                    return !v || !from || !v.isBefore(from, 'day')
                      ? Promise.resolve()
                      : Promise.reject(new Error('期间结束不能早于期间开始'));
                  },
                }),
              ]}
            >
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item label="抽查数量" name="size" rules={[{ required: true, message: '请填写抽查数量' }]}>
              <InputNumber min={1} max={SIZE_MAX} precision={0} suffix="项" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item
              label="随机种子"
              name="seed"
              extra="同一种子在同一期间抽到相同的活动；不填则由系统生成并记录。"
              rules={[{ pattern: SEED_PATTERN, message: '只能使用字母、数字、- 和 _，最多 64 个字符' }]}
            >
              <Input placeholder="如 board-2026-q4" maxLength={64} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={draw.isPending}>
          抽取
        </Button>
      </Form>
    </Card>
  );
}

function SampleView({ report }: { report: SampleReport }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const fileName = `监督抽查报告-${report.from}至${report.to}.docx`;
  const exportWord = async () => {
    setBusy(true);
    try {
      await download(`/api/supervision/samples/${encodeURIComponent(report.id)}.docx`, fileName);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Card
        size="small"
        title="抽查结果"
        className="section"
        extra={
          <Button onClick={() => void exportWord()} loading={busy}>
            下载 Word
          </Button>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="期间">
            {formatDate(report.from)} 至 {formatDate(report.to)}
          </Descriptions.Item>
          <Descriptions.Item label="抽取">
            {formatNumber(report.activityIds.length)} 项 / 期间内结束 {formatNumber(report.population)} 项
          </Descriptions.Item>
          <Descriptions.Item label="随机种子">
            <Typography.Text code copyable>
              {report.seed}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="抽查时间">{formatDateTime(report.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {report.items.length ? (
        <Collapse
          className="section sample-items"
          defaultActiveKey={report.items.map((i) => i.activity.id)}
          items={report.items.map((item) => ({
            key: item.activity.id,
            label: (
              <Space wrap size={4}>
                <Typography.Text strong>{item.activity.name}</Typography.Text>
                <StageTag stage={item.activity.stage} overdue={item.timeline.deadlines.some((d) => d.status === 'overdue')} />
              </Space>
            ),
            children: <SampleItemView item={item} />,
          }))}
        />
      ) : (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该期间没有结束的活动，未抽取。可调整期间后重新抽取。" />
        </Card>
      )}
    </>
  );
}

function SampleItemView({ item }: { item: SampleItem }) {
  const a = item.activity;
  return (
    <div className="sample-item" data-activity-id={a.id}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label="类型">{typeLabel(a.type)}</Descriptions.Item>
          <Descriptions.Item label="主办部门">{a.leadDepartmentName}</Descriptions.Item>
          <Descriptions.Item label="结束时间">{formatDateTime(a.endAt)}</Descriptions.Item>
          <Descriptions.Item label="详情">
            <Link to={`/activities/${a.id}`}>查看活动</Link>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text strong>过程记录{item.timeline.historyAvailable ? '' : '（流程历史已超出保存期）'}</Typography.Text>
        {item.timeline.historyAvailable ? <TimelineEvents events={item.timeline.events} /> : null}
        <Typography.Text strong>截止事项</Typography.Text>
        <TimelineDeadlines deadlines={item.timeline.deadlines} />
        <Typography.Text strong>归档完整性</Typography.Text>
        <ArchiveCompleteness archive={item.archive} />
        <Typography.Text strong>改进建议落实记录</Typography.Text>
        <Suggestions items={item.suggestions} />
      </Space>
    </div>
  );
}

function ArchiveCompleteness({ archive }: { archive: SampleItem['archive'] }) {
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
      <Descriptions.Item label="结论">{archive.complete ? <Tag color="green">完整</Tag> : <Tag color="red">不完整</Tag>}</Descriptions.Item>
      <Descriptions.Item label="纸质版确认">{formatDateTime(archive.paperConfirmedAt)}</Descriptions.Item>
      <Descriptions.Item label="电子版确认">{formatDateTime(archive.electronicConfirmedAt)}</Descriptions.Item>
      <Descriptions.Item label="文件存储">
        {archive.storedAt ? (
          <Space size={4} wrap>
            {formatDateTime(archive.storedAt)}
            {archive.sha256 ? <Typography.Text code>{archive.sha256.slice(0, 12)}…</Typography.Text> : null}
          </Space>
        ) : (
          '未存储'
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

const SUGGESTION_COLORS: Record<string, string> = { pending: 'default', in_progress: 'blue', implemented: 'green', rejected: 'orange' };

function Suggestions({ items }: { items: SampleItem['suggestions'] }) {
  const dept = useDepartmentName();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      locale={{ emptyText: '无改进建议' }}
      columns={[
        { title: '改进措施', dataIndex: 'measure' },
        { title: '责任部门', dataIndex: 'responsibleDepartment', responsive: ['md'], render: dept },
        { title: '落实期限', dataIndex: 'dueDate', responsive: ['md'], render: formatDate },
        {
          title: '状态',
          key: 'status',
          width: 90,
          render: (_, s) => (
            <Tag color={SUGGESTION_COLORS[s.status]} title={s.statusReason ?? undefined}>
              {SUPERVISION_STATUS_LABELS_ZH[s.status] ?? s.status}
            </Tag>
          ),
        },
        {
          title: '落实记录',
          key: 'updates',
          responsive: ['lg'],
          render: (_, s) =>
            s.updates.length
              ? s.updates.map((u) => (
                  <div key={u.at}>
                    {formatDateTime(u.at)} {SUPERVISION_STATUS_LABELS_ZH[u.fromStatus] ?? u.fromStatus}→
                    {SUPERVISION_STATUS_LABELS_ZH[u.toStatus] ?? u.toStatus}（{roleLabel(u.actorRole)}）{u.note ? `：${u.note}` : ''}
                  </div>
                ))
              : '—',
        },
      ]}
    />
  );
}
