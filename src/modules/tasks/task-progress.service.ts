import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { invalidState } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { ProgressDto, TaskDetailResponseDto } from './dto/task.dto';
import { TaskQueriesService } from './task-queries.service';
import { TasksRepository } from './tasks.repository';

/** The assignee reports how far the task has come (percent and a note). */
@Injectable()
export class TaskProgressService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: TasksRepository,
    private readonly queries: TaskQueriesService,
    private readonly clock: Clock,
  ) {}

  private get em() {
    return this.txHost.tx;
  }

  @Transactional()
  async progress(actor: Actor, id: string, dto: ProgressDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.repo.loadFor(actor, id, 'update', 'Chỉ người được giao (hoặc lãnh đạo phòng được giao) mới báo cáo tiến độ.');
    if (task.status !== 'in_progress') throw invalidState('Chỉ báo cáo tiến độ khi nhiệm vụ đang thực hiện.');
    const now = this.clock.now();
    await this.em.query(`INSERT INTO task_progress (organization_id, task_id, user_id, percent, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [orgId, id, actor.userId, dto.percent, dto.note, now]);
    await this.repo.guardedUpdate(orgId, id, 'in_progress', `progress_percent = $4`, [dto.percent]);
    await this.repo.event(actor, id, 'progress', { percent: dto.percent, note: dto.note });
    return this.queries.detail(actor, id);
  }
}
