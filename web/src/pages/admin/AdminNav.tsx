import { NavLink } from 'react-router';
import { useAuth } from '../../auth/auth';

/** Each administration page with the permission its main action needs: a clerk who may only import sees only that. */
const PAGES: { to: string; label: string; action: string; subject: string }[] = [
  { to: '/quan-tri/phong-ban', label: 'Phòng ban', action: 'update', subject: 'Department' },
  { to: '/quan-tri/nguoi-dung', label: 'Người dùng', action: 'create', subject: 'User' },
  { to: '/quan-tri/quy-tac-ky', label: 'Quy tắc ký', action: 'update', subject: 'SigningRule' },
  { to: '/quan-tri/uy-quyen', label: 'Ủy quyền', action: 'create', subject: 'Delegation' },
  { to: '/quan-tri/san-sang', label: 'Kiểm tra sẵn sàng', action: 'read', subject: 'Readiness' },
  { to: '/quan-tri/nhap-so-cu', label: 'Nhập sổ cũ', action: 'create', subject: 'LegacyImport' },
];

export function AdminNav() {
  const auth = useAuth();
  return (
    <nav aria-label="Quản trị" style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginBottom: 12 }}>
      {PAGES.filter((p) => auth.can(p.action, p.subject)).map((p) => <NavLink key={p.to} to={p.to}>{p.label}</NavLink>)}
    </nav>
  );
}
