import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Clock } from '../../common/time/clock';
import type { ClientInfo } from '../../common/http/client-info.decorator';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export type RotateResult =
  | { kind: 'rotated'; userId: string; familyId: string; token: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Opaque refresh tokens stored as SHA-256 hashes, rotated on every use. Presenting a token that was already used means
 * it was copied: the whole family (every token descended from the same login) is revoked.
 */
@Injectable()
export class RefreshTokensService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new login: a session row (what GET /auth/sessions shows) and the first refresh token of its family. */
  async startSession(userId: string, client: ClientInfo): Promise<{ token: string; familyId: string }> {
    const familyId = randomUUID();
    const now = this.clock.now();
    await this.ds.query(`INSERT INTO auth_sessions (id, user_id, created_at, last_used_at, ip, user_agent) VALUES ($1, $2, $3, $3, $4, $5)`, [
      familyId, userId, now, client.ip, client.userAgent,
    ]);
    return this.issue(userId, familyId);
  }

  async issue(userId: string, familyId: string = randomUUID()): Promise<{ token: string; familyId: string }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.refreshTokenTtlSeconds * 1000);
    await this.ds.query(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
      userId, familyId, hashOf(token), expiresAt,
    ]);
    return { token, familyId };
  }

  async rotate(token: string): Promise<RotateResult> {
    const now = this.clock.now();
    return this.ds.transaction(async (em) => {
      const [row] = (await em.query(
        `SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [hashOf(token)],
      )) as { id: string; user_id: string; family_id: string; expires_at: Date; used_at: Date | null; revoked_at: Date | null }[];
      if (!row || row.revoked_at || new Date(row.expires_at) <= now) return { kind: 'invalid' } as const;
      if (row.used_at) {
        await em.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [row.family_id, now]);
        return { kind: 'reused', userId: row.user_id, familyId: row.family_id } as const;
      }
      await em.query(`UPDATE refresh_tokens SET used_at = $2 WHERE id = $1`, [row.id, now]);
      await em.query(`UPDATE auth_sessions SET last_used_at = $2 WHERE id = $1`, [row.family_id, now]);
      const next = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
      await em.query(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
        row.user_id, row.family_id, hashOf(next), expiresAt,
      ]);
      return { kind: 'rotated', userId: row.user_id, familyId: row.family_id, token: next } as const;
    });
  }

  /** Revokes the family of one token, or every session of the user when no token is given. */
  async revoke(userId: string, token?: string): Promise<void> {
    const now = this.clock.now();
    if (token) {
      await this.ds.query(
        `UPDATE refresh_tokens SET revoked_at = $3 WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2)
           AND revoked_at IS NULL`,
        [hashOf(token), userId, now],
      );
    } else {
      await this.ds.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, now]);
    }
  }
}
