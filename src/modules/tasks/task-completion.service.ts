import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { NotificationsService } from '../notifications/notifications.service';
import { ReopenDto, ReportCompletionDto, TaskDetailResponseDto } from './dto/task.dto';
import { TaskQueriesService } from './task-queries.service';
import { TasksRepository } from './tasks.repository';

/** Finishing a task: the assignee reports completion; the one who assigned it accepts it or sends it back (reopen). */
@Injectable()
export class TaskCompletionService {
  constructor(
    private readonly repo: TasksRepository,
    private readonly queries: TaskQueriesService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  @Transactional()
  async reportCompletion(actor: Actor, id: string, dto: ReportCompletionDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.repo.loadFor(actor, id, 'update', 'Chỉ người được giao mới báo cáo hoàn thành.');
    await this.repo.guardedUpdate(orgId, id, 'in_progress', `status = 'completion_reported', completion_report = $4, completion_reported_at = $5, progress_percent = 100`,
      [dto.report, this.clock.now()], 'Chỉ báo cáo hoàn thành khi nhiệm vụ đang thực hiện.');
    await this.repo.event(actor, id, 'completion_reported', { report: dto.report });
    await this.notifications.notify(orgId, {
      userId: task.assigned_by_user_id, kind: 'task.completion_reported', title: `Báo cáo hoàn thành: ${task.title}`,
      body: `${actor.fullName} báo cáo đã hoàn thành nhiệm vụ "${task.title}". Vui lòng xem xét và nghiệm thu.`, entityType: 'Task', entityId: id,
    });
    return this.queries.detail(actor, id);
  }

  @Transactional()
  async accept(actor: Actor, id: string): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.repo.loadFor(actor, id, 'approve', 'Chỉ người giao nhiệm vụ mới nghiệm thu; người thực hiện không tự nghiệm thu việc của mình.');
    const now = this.clock.now();
    const completedOn = localDate(now, actor.timeZone);
    await this.repo.guardedUpdate(orgId, id, 'completion_reported', `status = 'done', completed_at = $4, completed_on = $5`, [now, completedOn],
      'Chỉ nghiệm thu khi người thực hiện đã báo cáo hoàn thành.');
    await this.repo.event(actor, id, 'accepted', { completedOn, onTime: completedOn <= task.deadline });
    for (const userId of await this.repo.assigneeRecipients(orgId, task)) {
      await this.notifications.notify(orgId, {
        userId, kind: 'task.accepted', title: `Đã nghiệm thu: ${task.title}`, body: `Nhiệm vụ "${task.title}" đã được nghiệm thu, hoàn thành.`,
        entityType: 'Task', entityId: id,
      });
    }
    return this.queries.detail(actor, id);
  }

  @Transactional()
  async reopen(actor: Actor, id: string, dto: ReopenDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.repo.loadFor(actor, id, 'approve', 'Chỉ người giao nhiệm vụ mới yêu cầu làm lại.');
    await this.repo.guardedUpdate(orgId, id, 'completion_reported', `status = 'in_progress', completion_reported_at = NULL`, [],
      'Chỉ yêu cầu làm lại khi người thực hiện đã báo cáo hoàn thành.');
    await this.repo.event(actor, id, 'reopened', { reason: dto.reason });
    for (const userId of await this.repo.assigneeRecipients(orgId, task)) {
      await this.notifications.notify(orgId, {
        userId, kind: 'task.reopened', title: `Yêu cầu làm lại: ${task.title}`, body: `Nhiệm vụ "${task.title}" chưa được nghiệm thu: ${dto.reason}`,
        entityType: 'Task', entityId: id,
      });
    }
    return this.queries.detail(actor, id);
  }
}
