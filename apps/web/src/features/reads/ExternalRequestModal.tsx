import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { showFieldErrors } from '../../app/forms';
import { useRegisterExternal } from './queries';

interface ExternalValues {
  activityId: string;
  readerUserId: string;
  organisation: string;
  purpose: string;
  content: string;
  days: number;
  letter: UploadFile[];
}

/** 登记外部查阅: admin records an outside body's request with its official letter (公函); the SG approves. */
export function ExternalRequestModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ExternalValues>();
  const register = useRegisterExternal();
  const { message } = App.useApp();
  const [alerts, setAlerts] = useState<string[]>([]);
  const users = useQuery({
    queryKey: ['users', 'external'],
    queryFn: () => call(api.GET('/api/users', { params: { query: { page: 1, pageSize: 100 } } })),
    enabled: open,
    select: (p) => p.items.filter((u) => u.role === 'external'),
  });
  const submit = async () => {
    const v = await form.validateFields();
    const body = new FormData();
    for (const key of ['activityId', 'readerUserId', 'organisation', 'purpose', 'content'] as const) body.append(key, v[key].trim());
    body.append('days', String(v.days));
    const file = v.letter[0]?.originFileObj;
    if (file) body.append('letter', file, file.name);
    setAlerts([]);
    try {
      await register.mutateAsync(body);
      void message.success('已登记，待秘书长审批');
      form.resetFields();
      onClose();
    } catch (err) {
      setAlerts(showFieldErrors(form, err));
    }
  };
  return (
    <Modal
      open={open}
      title="登记外部查阅"
      okText="登记"
      cancelText="取消"
      okButtonProps={{ loading: register.isPending }}
      // A failed validateFields shows its messages under the fields; it is not an error of the page.
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {alerts.length ? <Alert type="error" showIcon title={alerts.join('；')} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ days: 7, content: '活动总结全文', letter: [] }}>
        <Form.Item name="activityId" label="活动编号" rules={[{ required: true, whitespace: true, message: '请填写活动编号' }]}>
          <Input placeholder="活动页面地址中的编号" />
        </Form.Item>
        <Form.Item name="readerUserId" label="外部查阅账号" rules={[{ required: true, message: '请选择外部单位的账号' }]}>
          <Select
            loading={users.isPending}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
            placeholder="选择角色为“外部单位”的账号"
          />
        </Form.Item>
        <Form.Item name="organisation" label="来函单位" rules={[{ required: true, whitespace: true, message: '请填写来函单位' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="purpose" label="查阅目的" rules={[{ required: true, whitespace: true, message: '请填写查阅目的' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="content" label="查阅内容" rules={[{ required: true, whitespace: true, message: '请填写查阅内容' }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="days" label="查阅天数" rules={[{ required: true, type: 'integer', min: 1, max: 30, message: '1 至 30 天' }]}>
          <InputNumber min={1} max={30} precision={0} suffix="天" />
        </Form.Item>
        <Form.Item
          name="letter"
          label="公函"
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[{ required: true, type: 'array', min: 1, message: '请上传公函(PDF 或图片)' }]}
          extra="PDF、JPEG、PNG 或 WebP"
        >
          <Upload beforeUpload={() => false} maxCount={1} accept=".pdf,.jpg,.jpeg,.png,.webp">
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
