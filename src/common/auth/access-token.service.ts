import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

export interface AccessTokenClaims {
  sub: string;
  sid: string | null;
  typ: 'access';
}

/** Access tokens: HS256 only (pinned), issuer and audience checked, lifetime ≤ 15 minutes. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sign(userId: string, sessionId: string | null): string {
    return this.jwt.sign({ sid: sessionId, typ: 'access' }, {
      subject: userId,
      algorithm: 'HS256',
      secret: this.config.jwtSecret,
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      expiresIn: this.config.accessTokenTtlSeconds,
    });
  }

  verify(token: string): AccessTokenClaims | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims & { sub: string }>(token, {
        algorithms: ['HS256'],
        secret: this.config.jwtSecret,
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string') return null;
      return { sub: claims.sub, sid: claims.sid ?? null, typ: 'access' };
    } catch {
      return null;
    }
  }
}
