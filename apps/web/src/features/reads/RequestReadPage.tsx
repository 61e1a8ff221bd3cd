import { Alert, App, Button, Card, Form, Input, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Page } from '../../app/components/Page';
import { showFieldErrors } from '../../app/forms';
import { useFileReadRequest, type ReadRequestInput } from './queries';

/** 申请查阅 (R-13.2.1, 档案查阅申请表): purpose, content and days (1–30, default 7); the department head, then the archivist approve. */
export default function RequestReadPage() {
  const [params] = useSearchParams();
  const fixedActivity = params.get('activityId') ?? '';
  const activityName = params.get('name') ?? '';
  const [form] = Form.useForm<ReadRequestInput>();
  const file = useFileReadRequest();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [alerts, setAlerts] = useState<string[]>([]);
  const submit = async (values: ReadRequestInput) => {
    setAlerts([]);
    try {
      await file.mutateAsync({
        ...values,
        activityId: values.activityId.trim(),
        purpose: values.purpose.trim(),
        content: values.content.trim(),
      });
      void message.success('已提交，待本部门负责人审批');
      void navigate('/read-requests');
    } catch (err) {
      setAlerts(showFieldErrors(form, err));
    }
  };
  return (
    <Page title="申请查阅" crumbs={[{ title: '查阅申请', to: '/read-requests' }, { title: '申请查阅' }]}>
      <Card size="small" className="section" style={{ maxWidth: 720 }}>
        <Typography.Paragraph type="secondary">
          查阅其他部门的活动总结，须经本部门负责人和档案管理员同意；授权自同意之日起生效，到期自动失效。
        </Typography.Paragraph>
        {alerts.length ? <Alert type="error" showIcon title={alerts.join('；')} style={{ marginBottom: 12 }} /> : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ activityId: fixedActivity, content: '活动总结全文', days: 7 }}
          onFinish={(v) => void submit(v)}
        >
          {activityName ? <Typography.Paragraph strong>{activityName}</Typography.Paragraph> : null}
          <Form.Item name="activityId" label="活动编号" rules={[{ required: true, whitespace: true, message: '请填写活动编号' }]}>
            <Input disabled={!!fixedActivity} />
          </Form.Item>
          <Form.Item name="purpose" label="查阅目的" rules={[{ required: true, whitespace: true, message: '请填写查阅目的' }]}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder="例如：编写本部门年度培训方案，参考同类活动的组织经验" />
          </Form.Item>
          <Form.Item name="content" label="查阅内容" rules={[{ required: true, whitespace: true, message: '请填写查阅内容' }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item
            name="days"
            label="查阅天数"
            extra="1 至 30 天，默认 7 天"
            rules={[{ required: true, type: 'integer', min: 1, max: 30, message: '查阅天数为 1 至 30 天' }]}
          >
            <InputNumber min={1} max={30} precision={0} suffix="天" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={file.isPending}>
            提交申请
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
