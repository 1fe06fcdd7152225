import { type DocumentKind, documentKinds } from '@erp/shared/ids';
import { documentWriterRoles } from '@erp/shared/roles';
import { type ComponentType, lazy, useEffect } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { documentKindInfo } from '../console/documents/document-kinds';
import { InboxPage } from '../portal/inbox/inbox-page';
import { adminRoles, consoleRoles, homePath } from './access';
import { LoginPage } from './auth/login-page';
import { SetupPage } from './auth/setup-page';
import { NotFoundPage } from './errors/not-found-page';
import { RouteErrorPage } from './errors/route-error-page';
import { RequireRoles, RequireSession } from './guards';
import { AppLayout } from './layout/app-layout';
import { registerOfflineShell } from './offline/service-worker';
import { useUser } from './session';

// Console pages load on demand so that the portal (what most people use) stays small.
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}
const DashboardPage = lazyPage(() =>
  import('../console/dashboard/dashboard-page').then((m) => m.DashboardPage),
);
const DocumentsPage = lazyPage(() =>
  import('../console/documents/documents-page').then((m) => m.DocumentsPage),
);
const DocumentEditorPage = lazyPage(() =>
  import('../console/documents/document-editor-page').then((m) => m.DocumentEditorPage),
);
const VersionsPage = lazyPage(() => import('../console/versions/versions-page').then((m) => m.VersionsPage));
const VersionPage = lazyPage(() => import('../console/versions/version-page').then((m) => m.VersionPage));
const ComparePage = lazyPage(() => import('../console/versions/compare-page').then((m) => m.ComparePage));
const HistoryPage = lazyPage(() => import('../console/versions/history-page').then((m) => m.HistoryPage));
const HistoryPointPage = lazyPage(() =>
  import('../console/versions/history-page').then((m) => m.HistoryPointPage),
);
const PublishingSettingsPage = lazyPage(() =>
  import('../console/versions/publishing-settings-page').then((m) => m.PublishingSettingsPage),
);
const HierarchyPage = lazyPage(() =>
  import('../console/hierarchy/hierarchy-page').then((m) => m.HierarchyPage),
);
const IntegrationsPage = lazyPage(() =>
  import('../console/integrations/integrations-page').then((m) => m.IntegrationsPage),
);
const UsersPage = lazyPage(() => import('../console/users/users-page').then((m) => m.UsersPage));
const AuditPage = lazyPage(() => import('../console/audit/audit-page').then((m) => m.AuditPage));
// The task and start pages check answers with the shared form rules (and their condition language).
const TaskPage = lazyPage(() => import('../portal/tasks/task-page').then((m) => m.TaskPage));
const StartPage = lazyPage(() => import('../portal/start/start-page').then((m) => m.StartPage));
const MyFlowsPage = lazyPage(() => import('../portal/my-flows/my-flows-page').then((m) => m.MyFlowsPage));
const InstancePage = lazyPage(() => import('../portal/my-flows/instance-page').then((m) => m.InstancePage));
// Reports bring the dataset schemas, and a report the chart library: chunks of their own.
const ReportsPage = lazyPage(() => import('../portal/reports/reports-page').then((m) => m.ReportsPage));
const ReportPage = lazyPage(() => import('../portal/reports/report-page').then((m) => m.ReportPage));
const MyDashboardPage = lazyPage(() =>
  import('../portal/dashboard/my-dashboard-page').then((m) => m.MyDashboardPage),
);
const AccountPage = lazyPage(() => import('./account/account-page').then((m) => m.AccountPage));
const OutboxPage = lazyPage(() => import('../console/triggers/outbox-page').then((m) => m.OutboxPage));
const DeadLettersPage = lazyPage(() =>
  import('../console/triggers/dead-letters-page').then((m) => m.DeadLettersPage),
);

// The console works offline: opening it installs the service worker that keeps the app for that.
function ConsoleRoot() {
  useEffect(registerOfflineShell, []);
  return <RequireRoles roles={consoleRoles} />;
}

function HomeRedirect() {
  const user = useUser();
  return <Navigate to={homePath(user.roles)} replace />;
}

function documentRoutes(kind: DocumentKind): RouteObject[] {
  const { segment } = documentKindInfo[kind];
  return [
    { path: segment, element: <DocumentsPage key={kind} kind={kind} /> },
    { path: `${segment}/:id`, element: <DocumentEditorPage key={kind} kind={kind} /> },
    { path: `${segment}/:id/versions`, element: <VersionsPage key={kind} kind={kind} /> },
    { path: `${segment}/:id/versions/:number`, element: <VersionPage key={kind} kind={kind} /> },
    { path: `${segment}/:id/compare`, element: <ComparePage key={kind} kind={kind} /> },
    { path: `${segment}/:id/history`, element: <HistoryPage key={kind} kind={kind} /> },
    { path: `${segment}/:id/history/:pointId`, element: <HistoryPointPage key={kind} kind={kind} /> },
  ];
}

export const routes: RouteObject[] = [
  { path: '/setup', element: <SetupPage />, errorElement: <RouteErrorPage /> },
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  {
    element: <RequireSession />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <AppLayout />,
        children: [
          {
            errorElement: <RouteErrorPage />,
            children: [
              { index: true, element: <HomeRedirect /> },
              {
                path: 'console',
                element: <ConsoleRoot />,
                children: [
                  { index: true, element: <DashboardPage /> },
                  ...documentKinds.flatMap(documentRoutes),
                  {
                    path: 'hierarchy',
                    element: (
                      <RequireRoles roles={documentWriterRoles}>
                        <HierarchyPage />
                      </RequireRoles>
                    ),
                  },
                  { path: 'integrations', element: <IntegrationsPage /> },
                  { path: 'outbox', element: <OutboxPage /> },
                  { path: 'dead-letters', element: <DeadLettersPage /> },
                  {
                    element: <RequireRoles roles={adminRoles} />,
                    children: [
                      { path: 'users', element: <UsersPage /> },
                      { path: 'audit', element: <AuditPage /> },
                      { path: 'settings', element: <PublishingSettingsPage /> },
                    ],
                  },
                  { path: '*', element: <NotFoundPage /> },
                ],
              },
              { path: 'portal', element: <Navigate to="/portal/inbox" replace /> },
              { path: 'portal/inbox', element: <InboxPage /> },
              { path: 'portal/flows', element: <MyFlowsPage /> },
              { path: 'portal/flows/:id', element: <InstancePage /> },
              { path: 'portal/tasks/:id', element: <TaskPage /> },
              { path: 'portal/start', element: <StartPage /> },
              { path: 'portal/start/:documentId', element: <StartPage /> },
              { path: 'portal/reports', element: <ReportsPage /> },
              { path: 'portal/reports/:documentId', element: <ReportPage /> },
              { path: 'portal/dashboard', element: <MyDashboardPage /> },
              { path: 'account', element: <AccountPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
