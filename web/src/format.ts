import dayjs from 'dayjs';

/** Business dates (YYYY-MM-DD) and instants shown the Vietnamese way: DD/MM/YYYY. */
export const fmtDate = (d: string | null | undefined) => (d ? dayjs(d).format('DD/MM/YYYY') : '—');
export const fmtDateTime = (d: string | null | undefined) => (d ? dayjs(d).format('HH:mm DD/MM/YYYY') : '—');
export const today = () => dayjs().format('YYYY-MM-DD');

/** Days past a deadline (0 when not past). */
export function daysOverdue(deadline: string | null | undefined): number {
  if (!deadline) return 0;
  const diff = dayjs().startOf('day').diff(dayjs(deadline).startOf('day'), 'day');
  return diff > 0 ? diff : 0;
}

export const URGENCY: Record<string, string> = { normal: 'Thường', urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };
export const CONFIDENTIALITY: Record<string, string> = {
  normal: 'Thường', restricted: 'Hạn chế', secret: 'Mật', top_secret: 'Tối mật', absolute_secret: 'Tuyệt mật',
};
export const CHANNEL: Record<string, string> = { paper: 'Bản giấy', electronic: 'Điện tử', email: 'Thư điện tử', internal: 'Nội bộ' };
export const INCOMING_STATUS: Record<string, string> = {
  received: 'Chờ vào sổ', registered: 'Đã vào sổ', awaiting_direction: 'Chờ chỉ đạo', in_progress: 'Đang xử lý', completed: 'Đã hoàn thành', returned: 'Đã trả lại',
  recalled: 'Đã thu hồi',
};
export const LINE_STATUS: Record<string, string> = { pending: 'Chờ tiếp nhận', in_progress: 'Đang xử lý', completed: 'Đã hoàn thành', returned: 'Đã trả lại' };
export const LINE_ROLE: Record<string, string> = { lead: 'Chủ trì', coordinate: 'Phối hợp', inform: 'Để biết' };
export const OUTGOING_STATUS: Record<string, string> = {
  draft: 'Dự thảo', in_review: 'Chờ duyệt', awaiting_signature: 'Chờ ký', signed: 'Đã ký', issued: 'Đã ban hành',
};
export const TASK_STATUS: Record<string, string> = { in_progress: 'Đang thực hiện', completion_reported: 'Chờ nghiệm thu', done: 'Hoàn thành' };
export const ROLE: Record<string, string> = {
  admin: 'Quản trị', chairman: 'Chủ tịch', vice_chairman: 'Phó Chủ tịch', head: 'Trưởng phòng', deputy_head: 'Phó trưởng phòng',
  clerk: 'Văn thư', specialist: 'Chuyên viên',
};
export const AUTHORITY: Record<string, string> = { direct: 'Ký trực tiếp', TM: 'TM.', KT: 'KT.', TL: 'TL.', TUQ: 'TUQ.', Q: 'Q.' };
export const HISTORY_ACTION: Record<string, string> = {
  registered: 'Vào sổ', submitted: 'Trình lãnh đạo', directed: 'Chỉ đạo xử lý', received: 'Tiếp nhận', assigned: 'Giao xử lý',
  completed: 'Hoàn thành', returned: 'Trả lại', created: 'Tạo', approved: 'Duyệt', signed: 'Ký số', issued: 'Ban hành', updated: 'Sửa',
  number_assigned: 'Cấp số', acknowledged: 'Đã xem', delivered: 'Nhận từ hệ thống', file_added: 'Thêm tệp dự thảo',
  exchange_received: 'Nhận qua trục liên thông', returned_to_sender: 'Trả lại cơ quan gửi', recalled: 'Bị thu hồi',
  recall_requested: 'Cơ quan gửi yêu cầu thu hồi', recall_accepted: 'Đồng ý thu hồi', recall_refused: 'Từ chối thu hồi',
};
/** The sender's view of one external recipient, by the edXML status packages received (QCVN 102 status codes). */
export const EXCHANGE_STATUS: Record<string, string> = {
  sending: 'Đang gửi', sent: 'Đã gửi lên trục', failed: 'Gửi không thành công', arrived: 'Đã đến', refused: 'Từ chối tiếp nhận',
  accepted: 'Đã tiếp nhận (vào sổ)', assigned: 'Đã phân công xử lý', processing: 'Đang xử lý', done: 'Đã xử lý xong',
  recall_requested: 'Đang yêu cầu thu hồi', recalled: 'Đồng ý thu hồi', recall_refused: 'Từ chối thu hồi',
};
