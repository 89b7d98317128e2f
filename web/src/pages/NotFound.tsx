import { Link } from 'react-router';
import { Result } from '../ui';

export default function NotFound() {
  return <div className="page"><Result status="404" title="Không có trang này" extra={<Link to="/">Về Việc cần làm</Link>} /></div>;
}
