import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';

export type Tx = TransactionHost<TransactionalAdapterTypeOrm>;

/**
 * Base for every tenant repository. Each method takes the organization id first and throws when it is empty:
 * TypeORM drops undefined keys from a WHERE clause and would otherwise run the query across all organizations.
 * The EntityManager always comes from the transaction host, so nothing can write outside the current transaction.
 */
export abstract class OrgScopedRepository<T extends ObjectLiteral & { organizationId: string }> {
  protected constructor(
    protected readonly txHost: Tx,
    private readonly target: EntityTarget<T>,
  ) {}

  protected get em(): EntityManager {
    return this.txHost.tx;
  }

  protected get repo(): Repository<T> {
    return this.txHost.tx.getRepository(this.target);
  }

  protected org(orgId: string | null | undefined): string {
    if (!orgId) throw new Error(`${this.constructor.name}: organization id is required`);
    return orgId;
  }

  findById(orgId: string, id: string): Promise<T | null> {
    return this.repo.findOneBy({ organizationId: this.org(orgId), id } as unknown as FindOptionsWhere<T>);
  }

  findBy(orgId: string, where: Partial<T> = {}): Promise<T[]> {
    return this.repo.findBy({ ...where, organizationId: this.org(orgId) } as unknown as FindOptionsWhere<T>);
  }

  async create(orgId: string, data: Partial<T>): Promise<T> {
    const entity = this.repo.create({ ...data, organizationId: this.org(orgId) } as unknown as T);
    return this.repo.save(entity);
  }

  /** Raw SQL inside the current transaction (TypeORM 1.x returns [rows, count] for UPDATE … RETURNING). */
  protected async rows<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
    const result = await this.em.query(sql, params);
    return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as R[];
  }
}
