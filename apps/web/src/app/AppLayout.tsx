import {
  AlertOutlined,
  AuditOutlined,
  BellOutlined,
  BulbOutlined,
  ContainerOutlined,
  CheckSquareOutlined,
  FileSearchOutlined,
  FormOutlined,
  LogoutOutlined,
  MenuOutlined,
  SettingOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Grid, Layout, Menu, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { setSession, useSession } from '../api/session';
import { roleLabel } from '../format/labels';
import { navFor, navKeyOf } from './nav';

const ICONS: Record<string, ReactNode> = {
  todo: <CheckSquareOutlined />,
  activities: <UnorderedListOutlined />,
  register: <FormOutlined />,
  board: <AlertOutlined />,
  suggestions: <BulbOutlined />,
  archive: <ContainerOutlined />,
  supervision: <AuditOutlined />,
  reads: <FileSearchOutlined />,
  notifications: <BellOutlined />,
  admin: <SettingOutlined />,
};

/** Unread messages in the inbox, for the header's 通知 badge (refreshed every minute). */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => call(api.GET('/api/notifications/unread-count')),
    enabled,
    refetchInterval: 60_000,
  });
}

/**
 * Ant Design's admin layout: the menu on the left (a drawer on a phone), a top bar with the user's
 * name and role, 通知 with its unread badge, and 退出. Signed-out visitors go to 登录 and come back.
 */
export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const unread = useUnreadCount(!!session && session.user.role !== 'external');

  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
  }
  const { user } = session;
  const items = navFor(user.role).map((e) => ({
    key: e.key,
    icon: ICONS[e.key],
    label: (
      <Link to={e.to} onClick={() => setDrawer(false)}>
        {e.label}
      </Link>
    ),
  }));
  const menu = <Menu mode="inline" selectedKeys={[navKeyOf(location.pathname)]} items={items} style={{ borderInlineEnd: 0 }} />;
  // 退出 revokes the token on the server first (a copied token must stop working too); signed out
  // in this tab whatever the answer, since an unreachable server must not keep the user in.
  const signOut = async () => {
    setSigningOut(true);
    await call(api.POST('/api/auth/logout')).catch(() => undefined);
    setSigningOut(false);
    setSession(null);
    queryClient.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout className="app-layout">
      {phone ? (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={240}
          title="活动总结"
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={208} theme="light" className="app-sider">
          <Link to="/" className="app-logo">
            活动总结全流程管理
          </Link>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          {phone ? <Button type="text" aria-label="菜单" icon={<MenuOutlined />} onClick={() => setDrawer(true)} /> : <span />}
          <Space size={phone ? 4 : 16} className="app-header-right">
            <Link to="/notifications" aria-label="通知" style={{ marginInlineEnd: 8 }}>
              <Badge count={unread.data?.unread ?? 0} size="small" offset={[6, 0]}>
                <Space size={4}>
                  <BellOutlined />
                  <span>通知</span>
                </Space>
              </Badge>
            </Link>
            <span className="app-user" title={`${user.displayName} · ${roleLabel(user.role)}`}>
              {user.displayName}
              {phone ? '' : ` · ${roleLabel(user.role)}`}
            </span>
            <Button type="link" icon={<LogoutOutlined />} loading={signingOut} onClick={() => void signOut()} style={{ paddingInline: 4 }}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
