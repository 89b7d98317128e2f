import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('delegations')
export class Delegation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @Column('uuid')
  fromUserId: string;

  @Column('uuid')
  toUserId: string;

  /** Local dates (organization time zone), both inclusive. */
  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date' })
  validTo: string;

  /** null = every type the principal may sign. */
  @Column('text', { array: true, nullable: true })
  documentTypes: string[] | null;

  @Column()
  reason: string;

  @Column('uuid')
  createdByUserId: string;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
