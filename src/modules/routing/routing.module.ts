import { Global, Module } from '@nestjs/common';
import { RoutingService } from './routing.service';
import { WorkflowEvents } from './workflow-events';

/** The fallback order (fallback-order.ts), the ward's routing and the workflow event seams, available everywhere. */
@Global()
@Module({ providers: [RoutingService, WorkflowEvents], exports: [RoutingService, WorkflowEvents] })
export class RoutingModule {}
