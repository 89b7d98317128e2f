import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A row per (organization, upload or rendition); several rows may share one blob (same sha256). Immutable. */
@Entity('files')
export class FileRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** bigint: TypeORM hands it back as a string. */
  @Column({ type: 'bigint' })
  size: string;

  @Column('int')
  pageCount: number;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A derived file (stamped copy, issued PDF …) cached by (source file, kind, key). */
@Entity('file_renditions')
export class FileRendition {
  @PrimaryColumn('uuid')
  organizationId: string;

  @PrimaryColumn('uuid')
  sourceFileId: string;

  @PrimaryColumn({ type: 'varchar', length: 50 })
  kind: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column('uuid')
  fileId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
