import { Result } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Link, RouterProvider } from 'react-router';
import { Skeleton } from 'antd';
import { LoginPage } from '../features/auth/LoginPage';
import { AppLayout } from './AppLayout';

// Pages load on demand: ECharts only with the board and 报表, the summary form only when writing one.
const TodoPage = lazy(() => import('../features/todo/TodoPage'));
const ActivitiesPage = lazy(() => import('../features/activities/ActivitiesPage'));
const RegisterPage = lazy(() => import('../features/activities/RegisterPage'));
const ActivityPage = lazy(() => import('../features/activities/ActivityPage'));
const SummaryEditorPage = lazy(() => import('../features/summary/SummaryEditorPage'));
const ReviewPage = lazy(() => import('../features/review/ReviewPage'));
const InboxPage = lazy(() => import('../features/notifications/InboxPage'));
const BoardPage = lazy(() => import('../features/board/BoardPage'));
const SuggestionsPage = lazy(() => import('../features/suggestions/SuggestionsPage'));
const ReportsPage = lazy(() => import('../features/reports/ReportsPage'));
const AdminPage = lazy(() => import('../features/admin/AdminPage'));
const ReadRequestsPage = lazy(() => import('../features/reads/ReadRequestsPage'));
const RequestReadPage = lazy(() => import('../features/reads/RequestReadPage'));
const ArchivePage = lazy(() => import('../features/archive/ArchivePage'));
const ReaderPage = lazy(() => import('../features/reads/ReaderPage'));
const SupervisionPage = lazy(() => import('../features/supervision/SupervisionPage'));

const page = (el: ReactNode) => <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>{el}</Suspense>;

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: page(<TodoPage />) },
      { path: 'activities', element: page(<ActivitiesPage />) },
      { path: 'activities/new', element: page(<RegisterPage />) },
      { path: 'activities/:id', element: page(<ActivityPage />) },
      { path: 'activities/:id/summary', element: page(<SummaryEditorPage />) },
      { path: 'activities/:id/review', element: page(<ReviewPage />) },
      { path: 'notifications', element: page(<InboxPage />) },
      { path: 'board', element: page(<BoardPage />) },
      { path: 'suggestions', element: page(<SuggestionsPage />) },
      { path: 'reports', element: page(<ReportsPage />) },
      { path: 'archive', element: page(<ArchivePage />) },
      { path: 'read-requests', element: page(<ReadRequestsPage />) },
      { path: 'read-requests/new', element: page(<RequestReadPage />) },
      { path: 'read/:activityId', element: page(<ReaderPage />) },
      { path: 'supervision', element: page(<SupervisionPage />) },
      { path: 'admin', element: page(<AdminPage />) },
      { path: 'admin/:tab', element: page(<AdminPage />) },
      {
        path: '*',
        element: <Result status="404" title="页面不存在" extra={<Link to="/">返回我的待办</Link>} />,
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
