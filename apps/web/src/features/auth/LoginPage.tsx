import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { setSession, takeSignOutReason, useSession } from '../../api/session';
import { errorMessage } from '../../app/components/Page';

/** Only paths inside the app (no //host, no scheme) are followed after signing in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** 登录: username and password, the API's Chinese error, then back to the page the link asked for. */
export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [notice] = useState(takeSignOutReason);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = '登录 · 活动总结全流程管理';
  }, []);

  if (session) return <Navigate to={next} replace />;

  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const result = await call(api.POST('/api/auth/login', { body: values }));
      // Nothing read for whoever was signed in before (an expired session leaves its cache) is shown to this user.
      queryClient.clear();
      setSession({ token: result.accessToken, user: result.user, expiresAt: Date.now() + result.expiresIn * 1000 });
      void navigate(next, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Card className="login-card">
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          活动总结全流程管理
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          影视协会 · 登记活动、编写总结、审核与归档
        </Typography.Paragraph>
        {notice ? <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
        <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void onFinish(v)} requiredMark>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
