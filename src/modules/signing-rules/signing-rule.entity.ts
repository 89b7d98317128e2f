import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DepartmentKind, Role } from '../../common/auth/roles';
import type { Authority } from './signing-rules.defaults';

@Entity('signing_rules')
export class SigningRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @Column()
  position: number;

  @Column({ type: 'varchar' })
  role: Role;

  @Column({ type: 'varchar', nullable: true })
  departmentKind: DepartmentKind | null;

  @Column({ type: 'varchar' })
  authority: Authority;

  @Column('text', { array: true })
  documentTypes: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
