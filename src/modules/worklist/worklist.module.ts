import { Global, Module } from '@nestjs/common';
import { WorklistController } from './worklist.controller';
import { WorklistRegistry } from './worklist.registry';
import { WorklistService } from './worklist.service';

@Global()
@Module({ controllers: [WorklistController], providers: [WorklistRegistry, WorklistService], exports: [WorklistRegistry] })
export class WorklistModule {}
