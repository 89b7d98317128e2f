import { Module, OnModuleInit } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorklistRegistry } from '../worklist/worklist.registry';
import { TasksController } from './tasks.controller';
import { TasksProcessor } from './tasks.processor';
import { TasksService } from './tasks.service';
import { TasksWorklistSource } from './tasks.worklist';

@Module({
  imports: [NotificationsModule],
  controllers: [TasksController],
  providers: [TasksService, TasksProcessor, TasksWorklistSource],
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
