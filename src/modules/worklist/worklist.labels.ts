/** The Vietnamese label of each worklist action, as a button would read. */
export const ACTION_LABELS: Record<string, string> = {
  register: 'Vào sổ',
  submit: 'Trình lãnh đạo',
  resubmit: 'Trình lại lãnh đạo',
  direct: 'Chỉ đạo xử lý',
  receive: 'Tiếp nhận',
  assign: 'Giao xử lý',
  reassign: 'Giao lại',
  handle: 'Hoàn thành',
  acknowledge: 'Đã xem',
  review: 'Duyệt',
  sign: 'Ký số',
  issue: 'Ban hành',
  revise: 'Sửa dự thảo',
  reroute: 'Chuyển người khác',
  accept: 'Nghiệm thu',
  decide_extension: 'Xét gia hạn',
};

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;
