import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { DomainError, notFound } from '../errors/domain-error';
import { Action, SubjectType, subjectOf } from './ability';

/** Instance checks after loading (STYLE §4): invisible → 404 so ids cannot be probed; visible but not allowed → 403. */
@Injectable()
export class AuthzService {
  assert(actor: Actor, action: Action, type: SubjectType, record: Record<string, unknown>, what?: string, message?: string): void {
    const s = subjectOf(type, record);
    // Nothing exists yet for 'create': a refusal there is always 403.
    if (action !== 'read' && action !== 'create' && !actor.ability.can('read', s as never)) throw notFound(what);
    if (!actor.ability.can(action, s as never)) {
      if (action === 'read') throw notFound(what);
      throw new DomainError('FORBIDDEN', message ?? 'Bạn không có quyền thực hiện thao tác này trên bản ghi này.');
    }
  }

  can(actor: Actor, action: Action, type: SubjectType, record: Record<string, unknown>): boolean {
    return actor.ability.can(action, subjectOf(type, record) as never);
  }
}
