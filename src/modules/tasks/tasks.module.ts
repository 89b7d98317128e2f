import { Module, OnModuleInit } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorklistRegistry } from '../worklist/worklist.registry';
import { TaskAssignedNoticeService } from './task-assigned-notice.service';
import { TaskAssignmentService } from './task-assignment.service';
import { TaskCompletionService } from './task-completion.service';
import { TaskExtensionService } from './task-extension.service';
import { TaskProgressService } from './task-progress.service';
import { TaskQueriesService } from './task-queries.service';
import { TasksController } from './tasks.controller';
import { TasksProcessor } from './tasks.processor';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';
import { TasksWorklistSource } from './tasks.worklist';

@Module({
  imports: [NotificationsModule],
  controllers: [TasksController],
  providers: [
    TasksService, TasksRepository, TaskAssignmentService, TaskQueriesService, TaskProgressService, TaskExtensionService, TaskCompletionService,
    TaskAssignedNoticeService, TasksProcessor, TasksWorklistSource,
  ],
  exports: [TasksService],
})
export class TasksModule implements OnModuleInit {
  constructor(
    private readonly worklist: WorklistRegistry,
    private readonly source: TasksWorklistSource,
  ) {}

  onModuleInit(): void {
    this.worklist.register(this.source);
  }
}
