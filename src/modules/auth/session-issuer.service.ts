import { Inject, Injectable } from '@nestjs/common';
import { packRules } from '@casl/ability/extra';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { Actor } from '../../common/auth/actor';
import { AccessTokenService } from '../../common/auth/access-token.service';
import { ActorLoader } from '../../common/auth/actor.loader';
import { AbilityFactory } from '../../common/authz/ability.factory';
import { DomainError } from '../../common/errors/domain-error';
import type { ClientInfo } from '../../common/http/client-info.decorator';
import { MeResponseDto, TokenPairResponseDto } from './dto/auth.dto';
import { RefreshTokensService } from './refresh-tokens.service';

/** Turns a fully authenticated user (password, and the second factor where it applies) into a session and a token pair. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly refreshTokens: RefreshTokensService,
    private readonly accessTokens: AccessTokenService,
    private readonly actors: ActorLoader,
    private readonly abilities: AbilityFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(userId: string, client: ClientInfo): Promise<TokenPairResponseDto> {
    const { token, familyId } = await this.refreshTokens.startSession(userId, client);
    return this.pair(userId, familyId, token);
  }

  async pair(userId: string, familyId: string, refreshToken: string): Promise<TokenPairResponseDto> {
    const data = await this.actors.load(userId, familyId);
    if (!data) throw new DomainError('UNAUTHENTICATED', 'Tài khoản không còn hiệu lực.');
    return {
      accessToken: this.accessTokens.sign(userId, familyId),
      refreshToken,
      expiresIn: this.config.accessTokenTtlSeconds,
      user: toMe(this.abilities.forActor(data)),
      mustChangePassword: data.mustChangePassword === true,
    };
  }
}

export function toMe(actor: Actor): MeResponseDto {
  return {
    id: actor.userId, username: actor.username, fullName: actor.fullName, organizationId: actor.orgId, departmentId: actor.departmentId,
    positionTitle: actor.positionTitle, roles: actor.roles.map((r) => ({ role: r.role, departmentId: r.departmentId })),
    rules: packRules(actor.ability.rules as never),
  };
}
