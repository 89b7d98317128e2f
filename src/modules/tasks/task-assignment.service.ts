import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Actor, departmentsWithRole, isLeader } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, forbidden, invalidState, notFound, validationFailed } from '../../common/errors/domain-error';
import { OutboxService } from '../../common/queue/outbox.service';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { CreateTaskDto, TaskDetailResponseDto, TaskPartyDto } from './dto/task.dto';
import { taskSubject } from './task-record';
import { TaskQueriesService } from './task-queries.service';
import { TasksRepository } from './tasks.repository';

/** Giving a task to a person or a department (with coordinators, under a parent task, from an incoming document). */
@Injectable()
export class TaskAssignmentService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: TasksRepository,
    private readonly queries: TaskQueriesService,
    private readonly authz: AuthzService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  private get em() {
    return this.txHost.tx;
  }

  @Transactional()
  async create(actor: Actor, dto: CreateTaskDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const now = this.clock.now();
    const today = localDate(now, actor.timeZone);
    if (dto.deadline < today) throw validationFailed('deadline', `Hạn xử lý (${dto.deadline}) đã qua; hôm nay là ${today}.`);
    const assignee = await this.resolveAssignee(actor, orgId, dto.assignee);
    if (assignee.userId === actor.userId) throw validationFailed('assignee', 'Không thể tự giao nhiệm vụ cho chính mình.');
    this.authz.assert(actor, 'create', 'Task', {
      organizationId: orgId, assigneeKind: assignee.userId ? 'user' : 'department', assigneeDepartmentId: assignee.departmentId,
    }, 'Nhiệm vụ', isLeader(actor)
      ? 'Bạn không có quyền giao nhiệm vụ này.'
      : 'Trưởng phòng chỉ được giao nhiệm vụ cho cán bộ của phòng mình; giao cho phòng khác hoặc cả phòng cần lãnh đạo UBND.');
    const coordinators = await this.resolveCoordinators(orgId, dto.coordinators ?? [], assignee);
    if (dto.parentTaskId) {
      const parent = await this.repo.load(actor, dto.parentTaskId, 'Nhiệm vụ cha');
      const mayBranch = this.authz.can(actor, 'update', 'Task', taskSubject(parent)) || parent.assigned_by_user_id === actor.userId;
      if (!mayBranch) throw forbidden('Chỉ người thực hiện nhiệm vụ cha mới được giao tiếp nhiệm vụ con.');
      if (parent.status === 'done') throw invalidState('Nhiệm vụ cha đã hoàn thành, không giao thêm nhiệm vụ con.');
      if (dto.deadline > parent.deadline) throw validationFailed('deadline', `Hạn nhiệm vụ con không được sau hạn nhiệm vụ cha (${parent.deadline}).`);
    }
    if (dto.sourceIncomingId) await this.assertIncomingExists(orgId, dto.sourceIncomingId);
    const [row] = (await this.em.query(
      `INSERT INTO tasks (organization_id, title, description, priority, status, deadline, assigned_by_user_id, assignee_user_id,
                          assignee_department_id, parent_task_id, source_incoming_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
      [orgId, dto.title.trim(), dto.description ?? null, dto.priority ?? 'normal', dto.deadline, actor.userId, assignee.userId,
        assignee.departmentId, dto.parentTaskId ?? null, dto.sourceIncomingId ?? null, now],
    )) as { id: string }[];
    for (const c of coordinators) {
      await this.em.query(`INSERT INTO task_coordinators (organization_id, task_id, user_id, department_id) VALUES ($1, $2, $3, $4)`,
        [orgId, row.id, c.userId ?? null, c.departmentId ?? null]);
    }
    await this.repo.event(actor, row.id, 'created', {
      title: dto.title, deadline: dto.deadline, assignee: dto.assignee, coordinators: dto.coordinators ?? [], priority: dto.priority ?? 'normal',
      parentTaskId: dto.parentTaskId ?? null, sourceIncomingId: dto.sourceIncomingId ?? null,
    });
    // Telling the assignee is a job caused by this state change: through the outbox, so a rollback sends nothing.
    await this.outbox.add(orgId, 'task.assigned', { taskId: row.id });
    return this.queries.detail(actor, row.id);
  }

  /** A person (with the department they work in, the one the assigning head leads when several) or a department. */
  private async resolveAssignee(actor: Actor, orgId: string, party: TaskPartyDto): Promise<{ userId: string | null; departmentId: string | null }> {
    if (!party || Boolean(party.userId) === Boolean(party.departmentId)) {
      throw validationFailed('assignee', 'Chọn đúng một người ({ userId }) hoặc một phòng ({ departmentId }) nhận nhiệm vụ.');
    }
    if (party.departmentId) {
      await this.assertDepartment(orgId, party.departmentId);
      return { userId: null, departmentId: party.departmentId };
    }
    const [user] = (await this.em.query(
      `SELECT u.id, u.disabled, u.department_id,
              coalesce(array_agg(r.department_id) FILTER (WHERE r.department_id IS NOT NULL), '{}') AS role_departments
         FROM users u LEFT JOIN role_assignments r ON r.user_id = u.id
        WHERE u.organization_id = $1 AND u.id = $2 GROUP BY u.id`,
      [orgId, party.userId],
    )) as { id: string; disabled: boolean; department_id: string | null; role_departments: string[] }[];
    if (!user) throw notFound('Người nhận nhiệm vụ');
    if (user.disabled) throw new DomainError('BUSINESS_RULE', 'Tài khoản người nhận đang bị khóa, không giao nhiệm vụ được.');
    const departments = [...new Set([...(user.department_id ? [user.department_id] : []), ...user.role_departments])];
    const led = departmentsWithRole(actor, 'head', 'deputy_head');
    const departmentId = departments.find((d) => led.includes(d)) ?? departments[0] ?? null;
    return { userId: user.id, departmentId };
  }

  private async resolveCoordinators(orgId: string, parties: TaskPartyDto[], assignee: { userId: string | null; departmentId: string | null }) {
    const seen = new Set<string>();
    const out: TaskPartyDto[] = [];
    for (const [i, c] of parties.entries()) {
      if (Boolean(c.userId) === Boolean(c.departmentId)) throw validationFailed(`coordinators.${i}`, 'Mỗi bên phối hợp là một người hoặc một phòng.');
      const key = (c.userId ?? c.departmentId) as string;
      if (seen.has(key) || key === assignee.userId || (c.departmentId && c.departmentId === assignee.departmentId && !assignee.userId)) continue;
      seen.add(key);
      if (c.departmentId) await this.assertDepartment(orgId, c.departmentId);
      else {
        const [u] = (await this.em.query(`SELECT id FROM users WHERE organization_id = $1 AND id = $2`, [orgId, c.userId])) as unknown[];
        if (!u) throw notFound('Người phối hợp');
      }
      out.push(c);
    }
    return out;
  }

  private async assertDepartment(orgId: string, id: string) {
    const [d] = (await this.em.query(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, id])) as unknown[];
    if (!d) throw notFound('Phòng ban');
  }

  /** incoming_documents belongs to another module: checked with plain SQL, and absent until that module's migration runs. */
  private async assertIncomingExists(orgId: string, id: string) {
    const [{ exists }] = (await this.em.query(`SELECT to_regclass('incoming_documents') IS NOT NULL AS exists`)) as { exists: boolean }[];
    const [doc] = exists ? ((await this.em.query(`SELECT id FROM incoming_documents WHERE organization_id = $1 AND id = $2`, [orgId, id])) as unknown[]) : [];
    if (!doc) throw notFound('Văn bản đến nguồn');
  }
}
