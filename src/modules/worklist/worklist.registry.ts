import { Injectable } from '@nestjs/common';
import type { WorklistSource } from './worklist.types';

/** Modules register their sources at init (onModuleInit), so the worklist depends on none of them. */
@Injectable()
export class WorklistRegistry {
  private readonly sources: WorklistSource[] = [];

  register(source: WorklistSource): void {
    this.sources.push(source);
  }

  all(): readonly WorklistSource[] {
    return this.sources;
  }
}
