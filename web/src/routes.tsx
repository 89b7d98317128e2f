import { createBrowserRouter, type RouteObject } from 'react-router';

// Every screen is its own chunk: the sign-in page loads only React, the router, the query cache and its form.
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const router = createBrowserRouter([
  { path: '/dang-nhap', ...page(() => import('./pages/SignIn')) },
  {
    path: '/',
    ...page(() => import('./layout/Shell')),
    children: [
      { index: true, ...page(() => import('./pages/WorklistPage')) },
      { path: 'van-ban-den', ...page(() => import('./pages/incoming/IncomingList')) },
      { path: 'van-ban-den/vao-so', ...page(() => import('./pages/incoming/IncomingRegister')) },
      { path: 'van-ban-den/:id', ...page(() => import('./pages/incoming/IncomingDetail')) },
      { path: 'van-ban-di', ...page(() => import('./pages/outgoing/OutgoingList')) },
      { path: 'van-ban-di/soan', ...page(() => import('./pages/outgoing/OutgoingDraft')) },
      { path: 'van-ban-di/:id', ...page(() => import('./pages/outgoing/OutgoingDetail')) },
      { path: 'giao-viec', ...page(() => import('./pages/tasks/TaskList')) },
      { path: 'giao-viec/moi', ...page(() => import('./pages/tasks/TaskNew')) },
      { path: 'giao-viec/:id', ...page(() => import('./pages/tasks/TaskDetail')) },
      { path: 'thong-ke', ...page(() => import('./pages/Statistics')) },
      { path: 'quan-tri', ...page(() => import('./pages/admin/AdminHome')) },
      { path: 'quan-tri/phong-ban', ...page(() => import('./pages/admin/Departments')) },
      { path: 'quan-tri/nguoi-dung', ...page(() => import('./pages/admin/Users')) },
      { path: 'quan-tri/quy-tac-ky', ...page(() => import('./pages/admin/SigningRules')) },
      { path: 'quan-tri/uy-quyen', ...page(() => import('./pages/admin/Delegations')) },
      { path: 'quan-tri/san-sang', ...page(() => import('./pages/admin/Readiness')) },
      { path: 'quan-tri/nhap-so-cu', ...page(() => import('./pages/admin/LegacyImport')) },
      { path: 'thong-bao', ...page(() => import('./pages/Notifications')) },
      { path: 'doi-mat-khau', ...page(() => import('./pages/ChangePassword')) },
      { path: '*', ...page(() => import('./pages/NotFound')) },
    ],
  },
]);
