import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Department, StaffRole, WardRouting } from './fallback-order';
import { preparedQuery } from '../../database/prepared-query';

/** Loads a ward's active clerks and heads (two small statements) and applies the fallback order to them. */
@Injectable()
export class RoutingService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async forOrganization(orgId: string): Promise<WardRouting> {
    if (!orgId) throw new Error('RoutingService: organization id is required');
    const em = this.txHost.tx;
    // One after the other: inside a transaction both would share one connection.
    const staff = await preparedQuery<StaffRole>(em,
        `SELECT r.user_id AS "userId", r.role, r.department_id AS "departmentId"
           FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
          WHERE r.organization_id = $1 AND r.role IN ('clerk', 'head') AND r.department_id IS NOT NULL`, [orgId]);
    const departments = await preparedQuery<Department>(em, `SELECT id, name, kind FROM departments WHERE organization_id = $1 ORDER BY name, id`, [orgId]);
    return new WardRouting(staff, departments);
  }
}
