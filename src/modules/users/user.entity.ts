import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null only for the deployment's system administrators. */
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column()
  username: string;

  @Column({ select: false })
  passwordHash: string;

  @Column()
  fullName: string;

  @Column()
  positionTitle: string;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column()
  isSystemAdmin: boolean;

  @Column()
  disabled: boolean;

  @Column()
  failedLoginCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  mfaEnabledAt: Date | null;

  @Column()
  mustChangePassword: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
