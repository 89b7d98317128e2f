import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import type { Request } from 'express';
import { AbilityFactory } from '../authz/ability.factory';
import { AbilityRequirement, AccountGate, ALLOWED_DURING, ANY_SIGNED_IN, CHECK_ABILITY, IS_PUBLIC } from '../authz/check-ability.decorator';
import { DomainError } from '../errors/domain-error';
import { AccessTokenService } from './access-token.service';
import { ActorCache } from './actor-cache';
import { ActorLoader } from './actor.loader';
import type { Actor } from './actor';

export type RequestWithActor = Request & { actor?: Actor; id?: string };

const unauthenticated = () => new DomainError('UNAUTHENTICATED', 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn, vui lòng đăng nhập lại.');

/**
 * The one global guard: authenticates the bearer token, builds the caller's CASL ability and applies the route gate.
 * Deny by default: a handler with neither @CheckAbility nor @Public/@AnySignedIn is refused (and a test lists them).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly actors: ActorLoader,
    private readonly abilities: AbilityFactory,
    private readonly cls: ClsService,
    private readonly cache: ActorCache,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    const actor = await this.authenticate(req);
    req.actor = actor;
    this.cls.set('actor', { userId: actor.userId, orgId: actor.orgId });
    this.checkAccountGates(actor, this.reflector.getAllAndOverride<AccountGate[]>(ALLOWED_DURING, targets) ?? []);
    if (this.reflector.getAllAndOverride<boolean>(ANY_SIGNED_IN, targets)) return true;
    const need = this.reflector.getAllAndOverride<AbilityRequirement>(CHECK_ABILITY, targets);
    if (!need) {
      this.logger.error(`Route ${req.method} ${req.route?.path ?? req.url} declares no ability; refused`);
      throw new DomainError('FORBIDDEN', 'Chức năng này chưa được cấu hình quyền truy cập.');
    }
    if (!actor.ability.can(need.action, need.subject)) {
      throw new DomainError('FORBIDDEN', 'Bạn không có quyền thực hiện chức năng này.');
    }
    return true;
  }

  /** A limited token or a pending forced password change opens only the routes that declare that state. */
  private checkAccountGates(actor: Actor, allowed: AccountGate[]): void {
    if (actor.limitedTo === 'mfa_enrollment' && !allowed.includes('mfa_enrollment')) {
      throw new DomainError('MFA_ENROLLMENT_REQUIRED', 'Tài khoản của bạn phải bật xác thực hai bước trước khi sử dụng. Hãy quét mã QR bằng ứng dụng xác thực và nhập mã 6 số.');
    }
    if (actor.mustChangePassword && !allowed.includes('password_change')) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'Mật khẩu của bạn vừa được quản trị viên đặt lại. Hãy đổi mật khẩu trước khi tiếp tục.');
    }
  }

  private async authenticate(req: Request): Promise<Actor> {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header);
    if (!match) throw unauthenticated();
    const claims = this.tokens.verify(match[1]);
    if (!claims) throw unauthenticated();
    // A cached actor is used only while its organization's authz version is unchanged and its session not revoked
    // (one light query; actor-cache.ts) — otherwise the actor and its ability are built again from the database.
    const key = this.cache.key(claims.sub, claims.sid, claims.lim);
    const cached = this.cache.get(key);
    if (cached) {
      const now = await this.actors.check(cached.actor.orgId, claims.sid);
      if (now.revoked) {
        this.cache.delete(key);
        throw unauthenticated();
      }
      if (now.version === cached.version) return cached.actor;
    }
    const loaded = await this.actors.loadVersioned(claims.sub, claims.sid);
    if (!loaded) {
      this.cache.delete(key);
      throw unauthenticated();
    }
    const actor = this.abilities.forActor(claims.lim ? { ...loaded.data, limitedTo: claims.lim } : loaded.data);
    this.cache.set(key, actor, loaded.version);
    return actor;
  }
}
