import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import type { Page } from '../../common/pagination/pagination';
import {
  CreateTaskDto, DecideExtensionDto, ExtensionRequestDto, ListTasksQueryDto, ProgressDto, ReopenDto, ReportCompletionDto,
  TaskDetailResponseDto, TaskResponseDto,
} from './dto/task.dto';
import { TaskAssignedNoticeService } from './task-assigned-notice.service';
import { TaskAssignmentService } from './task-assignment.service';
import { TaskCompletionService } from './task-completion.service';
import { TaskExtensionService } from './task-extension.service';
import { TaskProgressService } from './task-progress.service';
import { TaskQueriesService } from './task-queries.service';

/**
 * The task use cases behind one entry point (the controller, the processor and other modules call this). Each use case
 * lives in its own file: assignment, queries, progress, extension, completion, the assigned notice; shared SQL in
 * tasks.repository.ts, the row and its mapping in task-record.ts.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly assignment: TaskAssignmentService,
    private readonly queries: TaskQueriesService,
    private readonly progressing: TaskProgressService,
    private readonly extension: TaskExtensionService,
    private readonly completion: TaskCompletionService,
    private readonly assignedNotice: TaskAssignedNoticeService,
  ) {}

  create(actor: Actor, dto: CreateTaskDto): Promise<TaskDetailResponseDto> {
    return this.assignment.create(actor, dto);
  }

  list(actor: Actor, q: ListTasksQueryDto): Promise<Page<TaskResponseDto>> {
    return this.queries.list(actor, q);
  }

  detail(actor: Actor, id: string): Promise<TaskDetailResponseDto> {
    return this.queries.detail(actor, id);
  }

  progress(actor: Actor, id: string, dto: ProgressDto): Promise<TaskDetailResponseDto> {
    return this.progressing.progress(actor, id, dto);
  }

  requestExtension(actor: Actor, id: string, dto: ExtensionRequestDto): Promise<TaskDetailResponseDto> {
    return this.extension.requestExtension(actor, id, dto);
  }

  decideExtension(actor: Actor, id: string, requestId: string, dto: DecideExtensionDto): Promise<TaskDetailResponseDto> {
    return this.extension.decideExtension(actor, id, requestId, dto);
  }

  reportCompletion(actor: Actor, id: string, dto: ReportCompletionDto): Promise<TaskDetailResponseDto> {
    return this.completion.reportCompletion(actor, id, dto);
  }

  accept(actor: Actor, id: string): Promise<TaskDetailResponseDto> {
    return this.completion.accept(actor, id);
  }

  reopen(actor: Actor, id: string, dto: ReopenDto): Promise<TaskDetailResponseDto> {
    return this.completion.reopen(actor, id, dto);
  }

  /** Job 'task.assigned'. */
  notifyAssigned(orgId: string, taskId: string): Promise<number> {
    return this.assignedNotice.notifyAssigned(orgId, taskId);
  }
}
