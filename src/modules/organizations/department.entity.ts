import { Column, Entity } from 'typeorm';
import type { DepartmentKind } from '../../common/auth/roles';
import { OrgScopedEntity } from '../../common/tenancy/org-scoped.entity';

@Entity('departments')
export class Department extends OrgScopedEntity {
  @Column()
  name: string;

  /** Unit symbol used in công văn symbols, e.g. "VP", "KTHTĐT". */
  @Column()
  code: string;

  @Column({ type: 'varchar' })
  kind: DepartmentKind;
}
