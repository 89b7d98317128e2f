import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RegisterKind = 'incoming' | 'outgoing';

/** A sổ văn bản: numbers are gapless per register and local year (register_counters). */
@Entity('registers')
export class Register {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @Column({ type: 'varchar' })
  kind: RegisterKind;

  @Column()
  name: string;

  @Column()
  year: number;

  /** null = the agency register kept by the office clerks. */
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column('text', { array: true, nullable: true })
  documentTypes: string[] | null;

  @Column()
  confidential: boolean;

  @Column()
  isDefault: boolean;

  /** An old unit's register handed over at the merger: documents keep their original numbers; never numbered here. */
  @Column({ default: false })
  legacy: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
