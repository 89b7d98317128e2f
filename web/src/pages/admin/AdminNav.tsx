import { NavLink } from 'react-router';

const PAGES: [string, string][] = [
  ['/quan-tri/phong-ban', 'Phòng ban'], ['/quan-tri/nguoi-dung', 'Người dùng'], ['/quan-tri/quy-tac-ky', 'Quy tắc ký'],
  ['/quan-tri/uy-quyen', 'Ủy quyền'], ['/quan-tri/san-sang', 'Kiểm tra sẵn sàng'], ['/quan-tri/nhap-so-cu', 'Nhập sổ cũ'],
];

export function AdminNav() {
  return (
    <nav aria-label="Quản trị" style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginBottom: 12 }}>
      {PAGES.map(([to, label]) => <NavLink key={to} to={to}>{label}</NavLink>)}
    </nav>
  );
}
