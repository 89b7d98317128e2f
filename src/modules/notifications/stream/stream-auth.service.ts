import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { AccessTokenService } from '../../../common/auth/access-token.service';
import { ActorLoader } from '../../../common/auth/actor.loader';
import { AbilityFactory } from '../../../common/authz/ability.factory';
import { DomainError } from '../../../common/errors/domain-error';
import { Clock } from '../../../common/time/clock';

/** A ticket opens one stream within this time; it is useless afterwards (and after its first use). */
export const STREAM_TICKET_TTL_MS = 60_000;

const unauthenticated = () => new DomainError('UNAUTHENTICATED', 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn, vui lòng đăng nhập lại.');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Who opens `GET /notifications/stream`. Browsers' EventSource cannot send an Authorization header, so besides the
 * bearer header the stream accepts `?ticket=`: a random, single-use value valid for 60 s, issued to a signed-in caller by
 * `POST /notifications/stream-tickets`. Only its SHA-256 is stored; it carries the caller's session, so signing out
 * (revoking the session) also refuses a ticket issued before. Access tokens are never accepted in the URL (they would
 * end up in proxy logs and browser history while still valid for every route).
 */
@Injectable()
export class StreamAuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: AccessTokenService,
    private readonly actors: ActorLoader,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async issueTicket(actor: Actor): Promise<{ ticket: string; expiresAt: string }> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + STREAM_TICKET_TTL_MS);
    await this.ds.query(`DELETE FROM stream_tickets WHERE expires_at < $1`, [this.clock.now()]);
    await this.ds.query(`INSERT INTO stream_tickets (ticket_hash, user_id, session_id, expires_at) VALUES ($1, $2, $3, $4)`,
      [sha256(ticket), actor.userId, actor.sessionId ?? null, expiresAt]);
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /** The caller of a stream request: bearer header first, else a ticket; 401 otherwise. */
  async authenticate(authorization: string | undefined, ticket: string | undefined): Promise<Actor> {
    if (authorization) {
      const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(authorization);
      const claims = match ? this.tokens.verify(match[1]) : null;
      if (!claims) throw unauthenticated();
      return this.actorOf(claims.sub, claims.sid);
    }
    if (typeof ticket !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(ticket)) throw unauthenticated();
    const [row] = (await this.ds.query(
      `UPDATE stream_tickets SET used_at = $2 WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id, session_id`,
      [sha256(ticket), this.clock.now()],
    )) as [{ user_id: string; session_id: string | null }[], number];
    const found = row?.[0];
    if (!found) throw unauthenticated();
    return this.actorOf(found.user_id, found.session_id);
  }

  private async actorOf(userId: string, sessionId: string | null): Promise<Actor> {
    const data = await this.actors.load(userId, sessionId);
    if (!data) throw unauthenticated();
    return this.abilities.forActor(data);
  }
}
