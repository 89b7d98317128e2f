import { AdminNav } from './AdminNav';

export default function AdminHome() {
  return (
    <div className="page">
      <h1 className="page-title">Quản trị</h1>
      <AdminNav />
      <p>Chọn mục cần quản trị. Trước khi phường vận hành, mở "Kiểm tra sẵn sàng": mỗi vấn đề có đường dẫn tới trang sửa.</p>
    </div>
  );
}
