import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { isDepartmentRole, roleName } from '../../common/auth/roles';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { Page, offsetOf } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { DepartmentsService } from '../organizations/departments.service';
import { CreateUserDto, ListUsersQueryDto, RoleInputDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { PasswordService } from './password.service';
import { assertAcceptablePassword } from './password-rules';
import { RoleAssignment } from './role-assignment.entity';
import { User } from './user.entity';

const roleError = (i: number, message: string) =>
  new DomainError('VALIDATION_FAILED', 'Danh sách vai trò không hợp lệ.', [{ field: `roles.${i}.departmentId`, message }]);

@Injectable()
export class UsersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly departments: DepartmentsService,
    private readonly passwords: PasswordService,
  ) {}

  private get users() {
    return this.txHost.tx.getRepository(User);
  }

  private get roleRepo() {
    return this.txHost.tx.getRepository(RoleAssignment);
  }

  @Transactional()
  async create(actor: Actor, dto: CreateUserDto): Promise<UserResponseDto> {
    const orgId = this.targetOrg(actor, dto.organizationId);
    this.authz.assert(actor, 'create', 'User', { organizationId: orgId });
    const taken = await this.users.createQueryBuilder('u').where('lower(u.username) = lower(:u)', { u: dto.username }).getExists();
    if (taken) throw new DomainError('ALREADY_EXISTS', `Tên đăng nhập "${dto.username}" đã có người dùng.`, [{ field: 'username' }]);
    assertAcceptablePassword(dto.password, dto.username, 'password');
    const roles = await this.validateRoles(orgId, dto.roles);
    const departmentId = dto.departmentId ?? roles.find((r) => r.departmentId)?.departmentId ?? null;
    if (departmentId && !(await this.departments.findById(orgId, departmentId))) throw notFound('Phòng ban');
    const user = await this.users.save(this.users.create({
      organizationId: orgId, username: dto.username, passwordHash: await this.passwords.hash(dto.password), fullName: dto.fullName.trim(),
      positionTitle: dto.positionTitle.trim(), departmentId, email: dto.email ?? null, isSystemAdmin: false, disabled: false, failedLoginCount: 0, lockedUntil: null, mustChangePassword: false, mfaEnabledAt: null,
    }));
    await this.writeRoles(orgId, user.id, roles);
    await this.audit.append({
      organizationId: orgId, actorUserId: actor.userId, action: 'user.created', entityType: 'User', entityId: user.id,
      data: { username: dto.username, fullName: dto.fullName, positionTitle: dto.positionTitle, departmentId, roles },
    });
    return this.get(actor, user.id);
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const user = await this.loadVisible(actor, id);
    this.authz.assert(actor, 'update', 'User', { ...user }, 'Người dùng');
    if (dto.disabled && user.id === actor.userId) {
      throw new DomainError('BUSINESS_RULE', 'Bạn không thể tự khóa tài khoản của chính mình.');
    }
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    await this.users.update({ id }, changes);
    if (dto.disabled) {
      // A disabled account loses its sessions at once (the guard also refuses disabled users on every request).
      await this.txHost.tx.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    }
    await this.audit.append({ organizationId: user.organizationId, actorUserId: actor.userId, action: 'user.updated', entityType: 'User', entityId: id, data: changes });
    return this.get(actor, id);
  }

  @Transactional()
  async replaceRoles(actor: Actor, id: string, input: RoleInputDto[]): Promise<UserResponseDto> {
    const user = await this.loadVisible(actor, id);
    this.authz.assert(actor, 'update', 'User', { ...user }, 'Người dùng');
    const orgId = user.organizationId as string;
    const roles = await this.validateRoles(orgId, input);
    const before = await this.rolesOf(id);
    await this.roleRepo.delete({ userId: id });
    await this.writeRoles(orgId, id, roles);
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'user.roles_replaced', entityType: 'User', entityId: id, data: { before, after: roles } });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<UserResponseDto> {
    const user = await this.loadVisible(actor, id);
    return { ...toUserResponse(user), roles: await this.rolesOf(id) };
  }

  async list(actor: Actor, q: ListUsersQueryDto): Promise<Page<UserResponseDto>> {
    const orgId = actor.isSystemAdmin && q.organizationId ? q.organizationId : actor.orgId;
    if (!orgId) throw new DomainError('VALIDATION_FAILED', 'Cần chọn đơn vị.', [{ field: 'organizationId', message: 'Quản trị hệ thống cần chọn đơn vị để xem người dùng.' }]);
    this.authz.assert(actor, 'read', 'User', { organizationId: orgId });
    const qb = this.users.createQueryBuilder('u').where('u.organization_id = :orgId', { orgId });
    if (q.departmentId) qb.andWhere('EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.department_id = :d)', { d: q.departmentId });
    if (q.role) qb.andWhere('EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.role = :role)', { role: q.role });
    const [items, total] = await qb.orderBy('u.full_name').skip(offsetOf(q)).take(q.pageSize).getManyAndCount();
    const roles = await this.rolesOfMany(items.map((u) => u.id));
    return { items: items.map((u) => ({ ...toUserResponse(u), roles: roles.get(u.id) ?? [] })), total, page: q.page, pageSize: q.pageSize };
  }

  /** For the auth module: the account with its password hash. */
  findForLogin(username: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async rolesOf(userId: string) {
    return (await this.rolesOfMany([userId])).get(userId) ?? [];
  }

  private async rolesOfMany(userIds: string[]) {
    const map = new Map<string, { role: string; departmentId: string | null }[]>();
    if (!userIds.length) return map;
    const rows = await this.roleRepo.createQueryBuilder('r').where('r.user_id IN (:...ids)', { ids: userIds }).orderBy('r.role').getMany();
    for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), { role: r.role, departmentId: r.departmentId }]);
    return map;
  }

  private async loadVisible(actor: Actor, id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user || user.isSystemAdmin || !this.authz.can(actor, 'read', 'User', { ...user })) throw notFound('Người dùng');
    return user;
  }

  private targetOrg(actor: Actor, requested?: string): string {
    if (actor.isSystemAdmin) {
      if (!requested) throw new DomainError('VALIDATION_FAILED', 'Cần chọn đơn vị.', [{ field: 'organizationId', message: 'Quản trị hệ thống phải chọn đơn vị cho người dùng mới.' }]);
      return requested;
    }
    // An organization admin creates users in their own organization only; another organization's id is not visible.
    if (requested && requested !== actor.orgId) throw notFound('Đơn vị');
    return actor.orgId as string;
  }

  private async validateRoles(orgId: string, roles: RoleInputDto[]) {
    const out: { role: RoleInputDto['role']; departmentId: string | null }[] = [];
    for (const [i, r] of roles.entries()) {
      if (isDepartmentRole(r.role) && !r.departmentId) throw roleError(i, `Vai trò ${roleName(r.role)} phải gắn với một phòng ban.`);
      if (!isDepartmentRole(r.role) && r.departmentId) throw roleError(i, `Vai trò ${roleName(r.role)} là của cả đơn vị, không gắn với phòng ban.`);
      if (r.departmentId && !(await this.departments.findById(orgId, r.departmentId))) throw roleError(i, 'Phòng ban không tồn tại trong đơn vị này.');
      if (!out.some((o) => o.role === r.role && o.departmentId === (r.departmentId ?? null))) out.push({ role: r.role, departmentId: r.departmentId ?? null });
    }
    return out;
  }

  private async writeRoles(orgId: string, userId: string, roles: { role: RoleInputDto['role']; departmentId: string | null }[]) {
    for (const r of roles) {
      if (r.role === 'head' && r.departmentId) {
        const [holder] = (await this.txHost.tx.query(
          `SELECT u.full_name FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE r.department_id = $1 AND r.role = 'head' AND r.user_id <> $2`,
          [r.departmentId, userId],
        )) as { full_name: string }[];
        if (holder) throw new DomainError('ALREADY_EXISTS', `Phòng này đã có Trưởng phòng (${holder.full_name}); hãy bỏ vai trò đó trước.`, [{ field: 'roles' }]);
      }
      await this.roleRepo.insert({ organizationId: orgId, userId, role: r.role, departmentId: r.departmentId });
    }
  }
}

export function toUserResponse(u: User): Omit<UserResponseDto, 'roles'> {
  return {
    id: u.id, username: u.username, fullName: u.fullName, positionTitle: u.positionTitle, organizationId: u.organizationId,
    departmentId: u.departmentId, email: u.email ?? null, disabled: u.disabled, mfaEnabled: u.mfaEnabledAt !== null && u.mfaEnabledAt !== undefined,
    mustChangePassword: u.mustChangePassword === true,
  };
}
