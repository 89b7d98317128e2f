import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const URGENCY_LEVELS = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];
export const CONFIDENTIALITY_LEVELS = ['normal', 'restricted', 'secret', 'top_secret', 'absolute_secret'] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];
/** State secrets (mật, tối mật, tuyệt mật): metadata only, a confidential register, few readers (DESIGN 11). */
export const STATE_SECRET_LEVELS: readonly string[] = ['secret', 'top_secret', 'absolute_secret'];
export const isStateSecret = (level: string) => STATE_SECRET_LEVELS.includes(level);

export const INCOMING_STATUSES = ['received', 'registered', 'awaiting_direction', 'in_progress', 'completed', 'returned', 'recalled'] as const;
export type IncomingStatus = (typeof INCOMING_STATUSES)[number];
export const LINE_ROLES = ['lead', 'coordinate', 'inform'] as const;
export type LineRole = (typeof LINE_ROLES)[number];
export type LineStatus = 'pending' | 'in_progress' | 'completed' | 'returned';

/** A văn bản đến. Services read and write it with SQL (incoming-documents.repository.ts); this maps the table. */
@Entity('incoming_documents')
export class IncomingDocument {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column({ type: 'uuid', nullable: true }) registerId: string | null;
  @Column({ type: 'int', nullable: true }) arrivalNumber: number | null;
  @Column({ type: 'date', nullable: true }) arrivalDate: string | null;
  @Column({ type: 'int', nullable: true }) arrivalYear: number | null;
  @Column({ type: 'varchar' }) channel: string;
  @Column() issuerName: string;
  @Column({ type: 'varchar', nullable: true }) issuerCode: string | null;
  @Column() symbol: string;
  @Column() documentType: string;
  @Column({ type: 'date' }) documentDate: string;
  @Column() summary: string;
  @Column({ type: 'varchar' }) urgency: UrgencyLevel;
  @Column({ type: 'varchar' }) confidentiality: ConfidentialityLevel;
  @Column({ type: 'varchar' }) status: IncomingStatus;
  @Column({ type: 'uuid', nullable: true }) fileId: string | null;
  @Column({ type: 'uuid', nullable: true }) scopeDepartmentId: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/** One routing line: a recipient (department or person) of a direction or an assignment. */
@Entity('incoming_lines')
export class IncomingLine {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') documentId: string;
  @Column({ type: 'uuid', nullable: true }) parentLineId: string | null;
  @Column({ type: 'varchar' }) role: LineRole;
  @Column({ type: 'uuid', nullable: true }) departmentId: string | null;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'varchar', nullable: true }) handledBy: 'clerks' | 'head' | null;
  @Column({ type: 'varchar' }) status: LineStatus;
  @Column({ type: 'date', nullable: true }) deadline: string | null;
}

/** Append-only: every action on a document, who did it (and for whom), when, with a note. */
@Entity('incoming_document_history')
export class IncomingDocumentHistory {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') documentId: string;
  @Column({ type: 'uuid', nullable: true }) lineId: string | null;
  @Column() action: string;
  @Column({ type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
