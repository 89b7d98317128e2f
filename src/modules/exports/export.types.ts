export const EXPORT_KINDS = ['incoming_register', 'outgoing_register', 'incoming_tracking', 'summary'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type RegisterExportKind = Exclude<ExportKind, 'summary'>;
export const EXPORT_FORMATS = ['pdf', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One row of `exports`, as the services use it. */
export interface ExportRecord {
  id: string;
  organizationId: string;
  requestedByUserId: string;
  kind: ExportKind;
  format: ExportFormat;
  registerId: string | null;
  departmentId: string | null;
  fromDay: string;
  toDay: string;
  status: ExportStatus;
  progress: number;
  rowCount: number;
  error: string | null;
  fileName: string | null;
  filePath: string | null;
  fileSize: number | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Limits per user (docs/EXPORTS.md). */
export const EXPORT_LIMITS = {
  /** Exports of one user waiting or running at once. */
  activePerUser: 3,
  /** Exports one user may request in any rolling hour. */
  perHour: 20,
  /** How long a file is kept for its requester. */
  retentionDays: 7,
  /** The longest period one export may cover (a register is kept per year; two years covers a straddling period). */
  maxPeriodDays: 731,
} as const;
