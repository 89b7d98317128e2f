import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/time/clock';
import type { ClientInfo } from '../../common/http/client-info.decorator';

export const MFA_CHALLENGE_TTL_SECONDS = 300;
const MAX_ATTEMPTS = 5;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The short-lived, single-use token between the password step and the code step of a two-factor login. Stored hashed in
 * PostgreSQL; each code attempt uses one of five tries; a successful code consumes it.
 */
@Injectable()
export class MfaChallengesService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(userId: string, client: ClientInfo): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + MFA_CHALLENGE_TTL_SECONDS * 1000);
    await this.ds.query(`INSERT INTO auth_challenges (token_hash, user_id, ip, user_agent, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      hashOf(token), userId, client.ip, client.userAgent, expiresAt,
    ]);
    if (Math.random() < 0.01) await this.ds.query(`DELETE FROM auth_challenges WHERE expires_at < $1`, [this.clock.now()]);
    return token;
  }

  /** Uses one attempt of a live challenge; null when the token is unknown, expired, used or out of attempts. */
  async attempt(token: string): Promise<{ id: string; userId: string; username: string } | null> {
    const [rows] = (await this.ds.query(
      `UPDATE auth_challenges c SET attempts = attempts + 1
         FROM users u
        WHERE c.token_hash = $1 AND u.id = c.user_id AND c.used_at IS NULL AND c.expires_at > $2 AND c.attempts < $3
        RETURNING c.id, c.user_id, u.username`,
      [hashOf(token), this.clock.now(), MAX_ATTEMPTS],
    )) as [{ id: string; user_id: string; username: string }[], number];
    const row = rows[0];
    return row ? { id: row.id, userId: row.user_id, username: row.username } : null;
  }

  /** Marks the challenge used; false if a concurrent request already did (then that one wins). */
  async consume(id: string): Promise<boolean> {
    const res = (await this.ds.query(`UPDATE auth_challenges SET used_at = $2 WHERE id = $1 AND used_at IS NULL`, [id, this.clock.now()])) as [unknown, number];
    return res[1] === 1;
  }
}
