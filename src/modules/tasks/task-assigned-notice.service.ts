import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { NotificationsService } from '../notifications/notifications.service';
import { vn } from './task-record';
import { TasksRepository } from './tasks.repository';

/** Telling the assignee and coordinators of a new task: the job the outbox enqueues when a task is created. */
@Injectable()
export class TaskAssignedNoticeService {
  constructor(
    private readonly repo: TasksRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /** Job 'task.assigned': tells the assignee (or the department's head and deputies) and the coordinators. Idempotent. */
  @Transactional()
  async notifyAssigned(orgId: string, taskId: string): Promise<number> {
    if (!orgId) throw new Error('notifyAssigned: organization id is required');
    const task = await this.repo.findForJob(orgId, taskId);
    if (!task) return 0;
    let sent = 0;
    for (const userId of await this.repo.assigneeRecipients(orgId, task)) {
      const id = await this.notifications.notify(orgId, {
        userId, kind: 'task.assigned', title: `Nhiệm vụ mới: ${task.title}`,
        body: `${task.assigner_name} giao nhiệm vụ "${task.title}", hạn xử lý ${vn(task.deadline)}.`, entityType: 'Task', entityId: taskId,
      }, `task-assigned-${taskId}-${userId}`);
      if (id) sent++;
    }
    for (const c of task.coordinators) {
      if (!c.userId) continue;
      const id = await this.notifications.notify(orgId, {
        userId: c.userId, kind: 'task.coordinating', title: `Phối hợp thực hiện: ${task.title}`,
        body: `Bạn được phân công phối hợp thực hiện nhiệm vụ "${task.title}", hạn ${vn(task.deadline)}.`, entityType: 'Task', entityId: taskId,
      }, `task-coordinating-${taskId}-${c.userId}`);
      if (id) sent++;
    }
    return sent;
  }
}
