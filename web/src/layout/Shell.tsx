import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { jsonRequest, tokens } from '../api/client';
import { useDepartments } from '../api/hooks';
import type { Notification } from '../api/types';
import { AuthProvider, useAuth, useMeQuery, useSignedOutRedirect } from '../auth/auth';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { Badge, Button, Drawer, Layout, Spin } from '../ui';

/** Signed-in frame: loads the caller and their rules, then the menu and the current screen. */
export default function Shell() {
  const navigate = useNavigate();
  const location = useLocation();
  const goSignIn = useCallback(() => navigate('/dang-nhap', { replace: true }), [navigate]);
  useSignedOutRedirect(goSignIn);
  const me = useMeQuery();
  const depts = useDepartments();
  if (!tokens.access) return <Navigate to={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.error) {
    const status = (me.error as { status?: number }).status;
    if (status === 401) { tokens.clear(); return <Navigate to="/dang-nhap" replace />; }
    if ((me.error as { code?: string }).code === 'PASSWORD_CHANGE_REQUIRED') return <Navigate to="/dang-nhap?doiMatKhau=1" replace />;
    return <div className="page"><ApiErrorAlert error={me.error} /></div>;
  }
  if (!me.data || depts.isLoading) return <div className="sign-in"><Spin size="large" /></div>;
  const officeId = depts.data?.find((d) => d.kind === 'office')?.id ?? null;
  return (
    <AuthProvider me={me.data} officeId={officeId}>
      <Frame />
    </AuthProvider>
  );
}

function MenuLinks({ onNavigate }: { onNavigate?: () => void }) {
  const auth = useAuth();
  const unread = useQuery({
    queryKey: ['notifications'],
    queryFn: () => jsonRequest<{ items: Notification[] } | Notification[]>('GET', '/notifications?pageSize=100'),
    select: (d) => (Array.isArray(d) ? d : d.items).filter((n) => !n.readAt).length,
    refetchInterval: 60_000,
  }).data ?? 0;
  const links: { to: string; label: string; show: boolean; badge?: number }[] = [
    { to: '/', label: 'Việc cần làm', show: true },
    { to: '/van-ban-den', label: 'Văn bản đến', show: auth.can('read', 'IncomingDocument') },
    { to: '/van-ban-di', label: 'Văn bản đi', show: auth.can('read', 'OutgoingDocument') || auth.can('create', 'OutgoingDocument') },
    { to: '/giao-viec', label: 'Giao việc', show: auth.can('read', 'Task') || auth.can('update', 'Task') },
    { to: '/thong-ke', label: 'Thống kê', show: auth.can('read', 'Report') },
    { to: '/quan-tri', label: 'Quản trị', show: auth.can('update', 'Department') || auth.can('create', 'User') || auth.can('create', 'LegacyImport') },
    { to: '/thong-bao', label: 'Thông báo', show: true, badge: unread },
    { to: '/doi-mat-khau', label: 'Đổi mật khẩu', show: true },
  ];
  return (
    <nav aria-label="Menu chính" className="side-menu">
      {links.filter((l) => l.show).map((l) => (
        <NavLink key={l.to} to={l.to} end={l.to === '/'} onClick={onNavigate}>
          {l.label}{l.badge ? <Badge count={l.badge} size="small" style={{ marginLeft: 8 }} aria-label={`${l.badge} chưa đọc`} /> : null}
        </NavLink>
      ))}
    </nav>
  );
}

/** Tables that scroll sideways (phones) must be reachable by keyboard: their scroll area takes focus. */
function useFocusableScrollAreas() {
  useEffect(() => {
    const mark = () => document.querySelectorAll<HTMLElement>('.ant-table-content:not([tabindex])').forEach((el) => {
      el.tabIndex = 0;
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', 'Bảng (cuộn ngang)');
    });
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    mark();
    return () => observer.disconnect();
  }, []);
}

function Frame() {
  const auth = useAuth();
  useFocusableScrollAreas();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [location.pathname]);
  const signOut = async () => {
    await qc.cancelQueries();
    await jsonRequest('POST', '/auth/logout', { refreshToken: tokens.refresh ?? undefined }).catch(() => undefined);
    // Leave the signed-in screens first, so no mounted query refetches without a token (a 401 in the console).
    tokens.clear();
    navigate('/dang-nhap', { replace: true });
    setTimeout(() => qc.clear(), 0);
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#noi-dung">Bỏ qua menu</a>
      <Layout.Sider width={220} breakpoint="md" collapsedWidth={0} trigger={null} className="desktop-only" style={{ background: '#0f172a' }}>
        <div style={{ color: '#fff', fontWeight: 700, fontSize: 18, padding: '16px 20px' }}>vanthu</div>
        <MenuLinks />
      </Layout.Sider>
      <Layout>
        <header className="top-bar">
          <Button className="mobile-only" onClick={() => setOpen(true)} aria-label="Mở menu">☰ Menu</Button>
          <span style={{ fontWeight: 600 }}>{auth.me.fullName} <span style={{ color: '#4b5563', fontWeight: 400 }}>— {auth.me.positionTitle}</span></span>
          <Button onClick={signOut}>Đăng xuất</Button>
        </header>
        <Drawer open={open} onClose={() => setOpen(false)} placement="left" size={260} title="vanthu" styles={{ body: { padding: 0, background: '#0f172a' } }}>
          <MenuLinks onNavigate={() => setOpen(false)} />
        </Drawer>
        <Layout.Content id="noi-dung" tabIndex={-1}>
          <main><Outlet /></main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
