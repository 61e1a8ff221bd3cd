import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Calendar,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ROLES } from '../../../../../libs/domain/roles';
import { api, call, type Schemas } from '../../api/client';
import { useSession } from '../../api/session';
import type { CalendarOverride, UserAdmin } from '../../api/views';
import { Loadable, Page, errorMessage } from '../../app/components/Page';
import { showFieldErrors } from '../../app/forms';
import { dayjs, formatDate, shanghaiDay } from '../../format/dates';
import { ROLE_LABELS_ZH, roleLabel, type Role } from '../../format/labels';
import { useDepartmentName, useDepartments } from '../activities/queries';

const TABS = ['users', 'departments', 'calendar'] as const;
const DEPARTMENT_ROLES: Role[] = ['staff', 'dept_head'];

/** 管理 (admin): users and departments, and the working-day calendar with the association's closures. */
export default function AdminPage() {
  const { tab = 'users' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  if (session?.user.role !== 'admin') return <Alert type="warning" showIcon title="仅行政部可使用管理功能" />;
  return (
    <Page title="管理" crumbs={[{ title: '管理' }]}>
      <Tabs
        activeKey={TABS.includes(tab as (typeof TABS)[number]) ? tab : 'users'}
        onChange={(k) => void navigate(`/admin/${k}`)}
        items={[
          { key: 'users', label: '用户', children: <UsersTab /> },
          { key: 'departments', label: '部门', children: <DepartmentsTab /> },
          { key: 'calendar', label: '工作日历', children: <CalendarTab /> },
        ]}
      />
    </Page>
  );
}

// The document types nullable department codes as objects (no `type` on the property): sent as the string the API takes.
type DeptField = Schemas['CreateUserDto']['department'];
const asDept = (code: string | null | undefined) => (code ?? null) as unknown as DeptField;

function UsersTab() {
  const [page, setPage] = useState(1);
  const dept = useDepartmentName();
  const [editing, setEditing] = useState<UserAdmin | 'new' | null>(null);
  const users = useQuery({
    queryKey: ['users', page],
    // GET /api/users documents no query parameters yet; page and pageSize are its PageQuery.
    queryFn: () => call(api.GET('/api/users', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: (prev) => prev,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setEditing('new')}>
        新建用户
      </Button>
      <Loadable loading={users.isPending} error={users.error} retry={users.refetch}>
        {() => (
          <Table<UserAdmin>
            rowKey="id"
            size="small"
            dataSource={users.data!.items}
            pagination={{
              current: page,
              pageSize: 20,
              total: users.data!.total,
              onChange: setPage,
              showTotal: (t) => `共 ${t} 人`,
              showSizeChanger: false,
            }}
            columns={[
              {
                title: '姓名',
                dataIndex: 'displayName',
                render: (n: string, u) => (
                  <Space orientation="vertical" size={0}>
                    <span>{n}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {u.username}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: '角色', dataIndex: 'role', render: (r: string, u) => `${roleLabel(r)}${u.isHead ? '（负责人）' : ''}` },
              { title: '部门', dataIndex: 'department', responsive: ['md'], render: (c: string | null) => dept(c) },
              {
                title: '状态',
                dataIndex: 'active',
                width: 80,
                render: (a: boolean) => (a ? <Badge status="success" text="启用" /> : <Badge status="default" text="停用" />),
              },
              {
                title: '操作',
                key: 'edit',
                width: 70,
                render: (_, u) => (
                  <Button type="link" size="small" onClick={() => setEditing(u)}>
                    编辑
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Loadable>
      {editing ? <UserModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </Space>
  );
}

interface UserValues {
  username: string;
  displayName: string;
  role: Role;
  department?: string | null;
  password?: string;
  active?: boolean;
  isHead?: boolean;
}

function UserModal({ user, onClose }: { user: UserAdmin | null; onClose: () => void }) {
  const [form] = Form.useForm<UserValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const role = Form.useWatch('role', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    const department = DEPARTMENT_ROLES.includes(v.role) ? v.department : null;
    try {
      if (user) {
        await call(
          api.PATCH('/api/users/{userId}', {
            params: { path: { userId: user.id } },
            body: {
              displayName: v.displayName,
              role: v.role,
              department: asDept(department),
              active: !!v.active,
              ...(['admin', 'dept_head'].includes(v.role) ? { isHead: !!v.isHead } : {}),
            },
          }),
        );
      } else {
        await call(
          api.POST('/api/users', {
            body: {
              username: v.username,
              displayName: v.displayName,
              role: v.role,
              department: asDept(department),
              password: v.password ?? '',
            },
          }),
        );
      }
      message.success(user ? '用户已更新' : '用户已创建');
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    } catch (err) {
      const rest = showFieldErrors(form, err);
      setError(rest.length ? rest.join('；') : null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={user ? `编辑用户 · ${user.displayName}` : '新建用户'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void save().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<UserValues> form={form} layout="vertical" requiredMark initialValues={user ? { ...user } : { role: 'staff', active: true }}>
        <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]}>
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS_ZH[r] }))} />
        </Form.Item>
        {DEPARTMENT_ROLES.includes(role) ? (
          <Form.Item label="部门" name="department" rules={[{ required: true, message: '编制人和部门负责人须属于一个部门' }]}>
            <Select options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.nameZh }))} />
          </Form.Item>
        ) : null}
        {user ? (
          <>
            <Form.Item name="active" valuePropName="checked">
              <Checkbox>启用（停用后立即无法登录）</Checkbox>
            </Form.Item>
            {role === 'admin' || role === 'dept_head' ? (
              <Form.Item name="isHead" valuePropName="checked">
                <Checkbox>负责人（接收归档逾期通知，R-12.3）</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : (
          <Form.Item label="初始密码" name="password" rules={[{ required: true, min: 10, message: '至少 10 个字符，且不含用户名' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function DepartmentsTab() {
  const departments = useDepartments();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string; nameZh: string; nameEn?: string }>();
  const [error, setError] = useState<string | null>(null);
  const add = async (v: { code: string; nameZh: string; nameEn?: string }) => {
    setError(null);
    try {
      await call(
        api.POST('/api/departments', {
          body: { code: v.code.trim(), nameZh: v.nameZh.trim(), ...(v.nameEn?.trim() ? { nameEn: v.nameEn.trim() } : {}) },
        }),
      );
      message.success('部门已添加');
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['departments'] });
    } catch (err) {
      const rest = showFieldErrors(form, err);
      setError(rest.length ? rest.join('；') : null);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title="添加部门">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" onFinish={(v) => void add(v)} requiredMark>
          <Space wrap align="end">
            <Form.Item
              label="部门代码"
              name="code"
              rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,31}$/, message: '小写字母开头，字母、数字或下划线' }]}
            >
              <Input placeholder="如 member_services" />
            </Form.Item>
            <Form.Item label="中文名称" name="nameZh" rules={[{ required: true, whitespace: true, message: '请填写中文名称' }]}>
              <Input placeholder="如 会员服务部" />
            </Form.Item>
            <Form.Item label="英文名称" name="nameEn">
              <Input />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit">
                添加
              </Button>
            </Form.Item>
          </Space>
        </Form>
      </Card>
      <Table
        rowKey="code"
        size="small"
        loading={departments.isPending}
        dataSource={departments.data ?? []}
        pagination={false}
        columns={[
          { title: '代码', dataIndex: 'code' },
          { title: '中文名称', dataIndex: 'nameZh' },
          { title: '英文名称', dataIndex: 'nameEn', responsive: ['md'] },
        ]}
      />
    </Space>
  );
}

const DAY_TAGS: Record<string, { text: string; color: string }> = {
  holiday: { text: '休', color: 'red' },
  makeup_workday: { text: '班', color: 'blue' },
  closure: { text: '闭', color: 'volcano' },
  extra_workday: { text: '加班', color: 'geekblue' },
};

function CalendarTab() {
  const [month, setMonth] = useState<Dayjs>(() => dayjs(shanghaiDay()));
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const year = month.year();
  const calendar = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => call(api.GET('/api/calendar', { params: { query: { year } } })),
  });
  const overrides = useQuery({
    queryKey: ['calendar-overrides'],
    queryFn: () => call(api.GET('/api/calendar/overrides')),
    select: (r) => r.items,
  });
  const [form] = Form.useForm<{ kind: 'closure' | 'extra_workday'; range: [Dayjs, Dayjs]; nameZh: string; reason?: string }>();
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['calendar'] }),
      queryClient.invalidateQueries({ queryKey: ['calendar-overrides'] }),
    ]);
  const add = async (v: { kind: 'closure' | 'extra_workday'; range: [Dayjs, Dayjs]; nameZh: string; reason?: string }) => {
    setError(null);
    try {
      await call(
        api.POST('/api/calendar/overrides', {
          body: {
            kind: v.kind,
            dateFrom: v.range[0].format('YYYY-MM-DD'),
            dateTo: v.range[1].format('YYYY-MM-DD'),
            nameZh: v.nameZh.trim(),
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
          },
        }),
      );
      message.success('已添加，进行中的流程将按新日历重新计算截止日期');
      form.resetFields();
      await refresh();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const remove = async (id: string) => {
    try {
      await call(api.DELETE('/api/calendar/overrides/{id}', { params: { path: { id } } }));
      message.success('已删除');
      await refresh();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const days = new Map((calendar.data?.days ?? []).map((d) => [d.date, d]));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size={4}>
          {Object.entries(DAY_TAGS).map(([k, t]) => (
            <Tag key={k} color={t.color}>
              {t.text}：{{ holiday: '法定节假日', makeup_workday: '调休上班', closure: '协会闭馆', extra_workday: '协会加班日' }[k]}
            </Tag>
          ))}
          {calendar.data && !calendar.data.official ? <Tag color="gold">{year} 年官方安排未公布，按暂定日历计算</Tag> : null}
        </Space>
        <Calendar
          fullscreen={false}
          value={month}
          onPanelChange={(d) => setMonth(d)}
          onChange={(d) => setMonth(d)}
          fullCellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const day = days.get(d.format('YYYY-MM-DD'));
            const tag = day ? DAY_TAGS[day.kind] : undefined;
            return (
              <div className="ant-picker-cell-inner" title={day?.nameZh ?? day?.name ?? ''} style={{ position: 'relative' }}>
                {d.date()}
                {tag ? (
                  <div
                    style={{
                      fontSize: 10,
                      lineHeight: '10px',
                      color: tag.color === 'red' || tag.color === 'volcano' ? '#cf1322' : '#1677ff',
                    }}
                  >
                    {tag.text}
                  </div>
                ) : null}
              </div>
            );
          }}
        />
      </Card>
      <Card size="small" title="添加闭馆日或加班日">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" initialValues={{ kind: 'closure' }} onFinish={(v) => void add(v)} requiredMark>
          <Space wrap align="end">
            <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'closure', label: '闭馆（不上班）' },
                  { value: 'extra_workday', label: '加班日（上班）' },
                ]}
              />
            </Form.Item>
            <Form.Item label="日期" name="range" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker.RangePicker />
            </Form.Item>
            <Form.Item label="名称" name="nameZh" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
              <Input placeholder="如：年终盘点闭馆" maxLength={100} />
            </Form.Item>
            <Form.Item label="原因" name="reason">
              <Input maxLength={500} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit">
                添加
              </Button>
            </Form.Item>
          </Space>
        </Form>
      </Card>
      <Table<CalendarOverride>
        rowKey="id"
        size="small"
        loading={overrides.isPending}
        dataSource={overrides.data ?? []}
        pagination={false}
        locale={{ emptyText: '暂无协会自定的闭馆日或加班日' }}
        columns={[
          { title: '名称', dataIndex: 'nameZh' },
          {
            title: '类型',
            dataIndex: 'kind',
            width: 90,
            render: (k: string) => (k === 'closure' ? <Tag color="volcano">闭馆</Tag> : <Tag color="geekblue">加班日</Tag>),
          },
          {
            title: '日期',
            key: 'dates',
            render: (_, o) => (o.dateFrom === o.dateTo ? formatDate(o.dateFrom) : `${formatDate(o.dateFrom)} 至 ${formatDate(o.dateTo)}`),
          },
          {
            title: '操作',
            key: 'delete',
            width: 70,
            render: (_, o) => (
              <Popconfirm
                title="删除该条目？"
                description="进行中的流程将重新计算截止日期。"
                okText="删除"
                cancelText="取消"
                onConfirm={() => remove(o.id)}
              >
                <Button type="link" danger size="small">
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
