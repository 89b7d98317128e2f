import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import type { Action } from '../../common/authz/ability';
import { AuthzService } from '../../common/authz/authz.service';
import { forbidden, notFound } from '../../common/errors/domain-error';
import type { WardRouting } from '../routing/fallback-order';
import { RoutingService } from '../routing/routing.service';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { DocumentRow, documentSubject, LineRow, lineSubject } from './incoming-record';

/**
 * Who may act on an incoming document or line: the role rules (CASL, incoming-documents.policy.ts) and, where they leave
 * nobody, the fallback order (routing/fallback-order.ts) — the same order the worklist shows items by, so whoever sees
 * an item may act on it.
 */
@Injectable()
export class IncomingAccess {
  constructor(
    private readonly routing: RoutingService,
    private readonly authz: AuthzService,
    private readonly repo: IncomingDocumentsRepository,
  ) {}

  ward(actor: Actor): Promise<WardRouting> {
    return this.routing.forOrganization(actor.orgId as string);
  }

  /** The actor acts for the document's register scope by the fallback order (registering, presenting). */
  async actsForScope(actor: Actor, doc: DocumentRow): Promise<boolean> {
    return (await this.ward(actor)).actsFor(actor.userId, doc.scope_department_id);
  }

  /** The actor holds the line, or acts for its department by the fallback order (a named holder who left included). */
  async actsForLine(actor: Actor, line: LineRow): Promise<boolean> {
    if (line.user_id === actor.userId) return true;
    const ward = await this.ward(actor);
    if (line.user_id === null) return ward.actsFor(actor.userId, line.department_id);
    return ward.actsFor(actor.userId, line.department_id) && !(await this.repo.lineHolderValid(actor.orgId as string, line.id));
  }

  /** 404 when the caller can neither read the document nor act for it; 403 with `message` when they may read but not act. */
  async assertDocument(actor: Actor, doc: DocumentRow, action: Action, what: string, message: string, byScope: boolean): Promise<void> {
    if (this.authz.can(actor, action, 'IncomingDocument', documentSubject(doc))) return;
    if (byScope && (await this.actsForScope(actor, doc))) return;
    await this.refuseWithoutAnyPower(actor, action, message);
    if (!(await this.mayRead(actor, doc))) throw notFound(what);
    throw forbidden(message);
  }

  async assertLine(actor: Actor, doc: DocumentRow, line: LineRow, action: Action, message: string): Promise<void> {
    if (this.authz.can(actor, action, 'IncomingDocument', lineSubject(doc, line))) return;
    if (await this.actsForLine(actor, line)) return;
    await this.refuseWithoutAnyPower(actor, action, message);
    if (!(await this.mayRead(actor, doc))) throw notFound('Văn bản đến');
    throw forbidden(message);
  }

  /**
   * Someone with no rule for the action at all and no department to act for by the fallback order (a specialist
   * assigning, a clerk directing) is refused with 403 whatever the record, as the route guard used to.
   */
  private async refuseWithoutAnyPower(actor: Actor, action: Action, message: string): Promise<void> {
    if (actor.ability.can(action, 'IncomingDocument')) return;
    if (action === 'direct' || !(await this.ward(actor)).departmentsHandledBy(actor.userId).length) throw forbidden(message);
  }

  /** Reading: the role rules, or acting for the document's scope or for one of its departments (never state secrets). */
  async mayRead(actor: Actor, doc: DocumentRow): Promise<boolean> {
    if (this.authz.can(actor, 'read', 'IncomingDocument', documentSubject(doc))) return true;
    if (doc.state_secret) return false;
    const ward = await this.ward(actor);
    if (ward.actsFor(actor.userId, doc.scope_department_id)) return true;
    const handled = ward.departmentsHandledBy(actor.userId);
    return (doc.line_department_ids ?? []).some((d) => handled.includes(d))
      || (doc.submitted_to_user_id === actor.userId);
  }
}
