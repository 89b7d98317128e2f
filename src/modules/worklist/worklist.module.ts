import { Global, Module } from '@nestjs/common';
import { WorklistController, WorklistV2Controller } from './worklist.controller';
import { WorklistRegistry } from './worklist.registry';
import { WorklistService } from './worklist.service';

@Global()
@Module({ controllers: [WorklistController, WorklistV2Controller], providers: [WorklistRegistry, WorklistService], exports: [WorklistRegistry, WorklistService] })
export class WorklistModule {}
