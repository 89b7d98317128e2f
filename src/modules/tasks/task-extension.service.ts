import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { invalidState, notFound, validationFailed } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { NotificationsService } from '../notifications/notifications.service';
import { DecideExtensionDto, ExtensionRequestDto, TaskDetailResponseDto } from './dto/task.dto';
import { vn } from './task-record';
import { TaskQueriesService } from './task-queries.service';
import { TasksRepository } from './tasks.repository';

/** Extensions: the assignee asks for a later deadline; the one who assigned the task approves or rejects it. */
@Injectable()
export class TaskExtensionService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: TasksRepository,
    private readonly queries: TaskQueriesService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  private get em() {
    return this.txHost.tx;
  }

  @Transactional()
  async requestExtension(actor: Actor, id: string, dto: ExtensionRequestDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.repo.loadFor(actor, id, 'update', 'Chỉ người được giao mới đề nghị gia hạn.');
    if (task.status !== 'in_progress') throw invalidState('Chỉ đề nghị gia hạn khi nhiệm vụ đang thực hiện.');
    if (dto.newDeadline <= task.deadline) throw validationFailed('newDeadline', `Hạn mới phải sau hạn hiện tại (${task.deadline}).`);
    const [pending] = (await this.em.query(
      `SELECT id FROM task_extension_requests WHERE organization_id = $1 AND task_id = $2 AND status = 'pending'`, [orgId, id],
    )) as { id: string }[];
    if (pending) throw invalidState('Đã có một đề nghị gia hạn đang chờ người giao quyết định.', [{ requestId: pending.id }]);
    const [req] = (await this.em.query(
      `INSERT INTO task_extension_requests (organization_id, task_id, requested_by_user_id, current_deadline, new_deadline, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [orgId, id, actor.userId, task.deadline, dto.newDeadline, dto.reason, this.clock.now()],
    )) as { id: string }[];
    await this.repo.event(actor, id, 'extension_requested', { requestId: req.id, newDeadline: dto.newDeadline, reason: dto.reason });
    await this.notifications.notify(orgId, {
      userId: task.assigned_by_user_id, kind: 'task.extension_requested', title: `Đề nghị gia hạn: ${task.title}`,
      body: `${actor.fullName} đề nghị gia hạn nhiệm vụ "${task.title}" đến ${vn(dto.newDeadline)}: ${dto.reason}`, entityType: 'Task', entityId: id,
    });
    return this.queries.detail(actor, id);
  }

  @Transactional()
  async decideExtension(actor: Actor, id: string, requestId: string, dto: DecideExtensionDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.repo.loadFor(actor, id, 'approve', 'Chỉ người giao nhiệm vụ mới quyết định gia hạn.');
    const [req] = (await this.em.query(
      `SELECT *, new_deadline::text AS new_deadline FROM task_extension_requests WHERE organization_id = $1 AND task_id = $2 AND id = $3`,
      [orgId, id, requestId],
    )) as { id: string; status: string; new_deadline: string; requested_by_user_id: string }[];
    if (!req) throw notFound('Đề nghị gia hạn');
    const [, decided] = (await this.em.query(
      `UPDATE task_extension_requests SET status = $4, decided_by_user_id = $5, decided_at = $6, decision_note = $7
        WHERE organization_id = $1 AND task_id = $2 AND id = $3 AND status = 'pending'`,
      [orgId, id, requestId, dto.approve ? 'approved' : 'rejected', actor.userId, this.clock.now(), dto.note ?? null],
    )) as [unknown, number];
    if (!decided) throw invalidState('Đề nghị gia hạn này đã được quyết định.');
    if (dto.approve) {
      // The deadline moves only here, on approval.
      if (task.status === 'done') throw invalidState('Nhiệm vụ đã hoàn thành, không gia hạn nữa.');
      await this.repo.guardedUpdate(orgId, id, task.status, `deadline = $4, extension_count = extension_count + 1`, [req.new_deadline]);
    }
    await this.repo.event(actor, id, dto.approve ? 'extension_approved' : 'extension_rejected', {
      requestId, previousDeadline: task.deadline, newDeadline: dto.approve ? req.new_deadline : task.deadline, note: dto.note ?? null,
    });
    await this.notifications.notify(orgId, {
      userId: req.requested_by_user_id, kind: dto.approve ? 'task.extension_approved' : 'task.extension_rejected',
      title: `${dto.approve ? 'Đồng ý' : 'Không đồng ý'} gia hạn: ${task.title}`,
      body: dto.approve ? `Hạn mới của nhiệm vụ "${task.title}" là ${vn(req.new_deadline)}.` : `Hạn của nhiệm vụ "${task.title}" giữ nguyên ${vn(task.deadline)}.${dto.note ? ` ${dto.note}` : ''}`,
      entityType: 'Task', entityId: id,
    });
    return this.queries.detail(actor, id);
  }
}
