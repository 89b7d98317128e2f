import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import type { RequestWithActor } from '../auth/auth.guard';
import { assertReferencesInOrganization } from './references';

/**
 * Every id in a JSON body (references.ts: by field name) must exist in the caller's organization before the handler
 * runs: 404 NOT_FOUND naming the field otherwise, so no foreign id is ever stored. Multipart routes check their fields
 * the same way in FilesService.receiveMultipart.
 */
@Injectable()
export class ReferenceCheckInterceptor implements NestInterceptor {
  constructor(private readonly ds: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const body: unknown = req.body;
    const orgId = req.actor?.orgId;
    if (!orgId || !body || typeof body !== 'object') return next.handle();
    return from(assertReferencesInOrganization((sql, params) => this.ds.query(sql, params), orgId, body)).pipe(switchMap(() => next.handle()));
  }
}
