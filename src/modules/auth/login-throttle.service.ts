import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { fold } from '../../common/auth/password-policy';
import { DomainError } from '../../common/errors/domain-error';

/** Failures from one address against one account before that pair waits; then 1 s, 2 s, 4 s … up to 15 minutes. */
export const PAIR_THRESHOLD = 5;
/** Failures against one account from all addresses together before new addresses wait (known ones never do). */
export const ACCOUNT_THRESHOLD = 10;
export const MAX_BACKOFF_SECONDS = 15 * 60;
/** Failures older than this are forgotten. */
const FORGET_AFTER = '1 hour';
/** An address where the account signed in successfully within this period is "known" and skips the account-wide wait. */
const KNOWN_SOURCE_DAYS = 30;

interface CheckRow {
  account_until: Date | null;
  pair_until: Date | null;
  known_source: boolean;
  system_admin: boolean;
}

/**
 * Login throttle that cannot be aimed at someone (state in PostgreSQL, shared by every API replica):
 * - per (account, address): 5 failures make that address wait, doubling on each further failure;
 * - per account: 10 failures from anywhere make addresses wait — except addresses where the account signed in before,
 *   and the system administrator from ADMIN_NETWORKS — so a stranger can slow an account down but not lock its owner out.
 * Keys are usernames, whether or not the account exists: an unknown username behaves exactly like a known one.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws 423 ACCOUNT_LOCKED (Retry-After in seconds) when this attempt must wait. */
  async assertMayTry(username: string, ip: string, now: Date): Promise<void> {
    const [row] = (await this.ds.query(
      `SELECT (SELECT blocked_until FROM login_throttle WHERE key = $1) AS account_until,
              (SELECT blocked_until FROM login_throttle WHERE key = $2) AS pair_until,
              EXISTS (SELECT 1 FROM login_known_sources k JOIN users u ON u.id = k.user_id
                       WHERE lower(u.username) = lower($3) AND k.ip = $4 AND k.last_success_at > $5) AS known_source,
              EXISTS (SELECT 1 FROM users u WHERE lower(u.username) = lower($3) AND u.is_system_admin) AS system_admin`,
      [accountKey(username), pairKey(username, ip), username, ip, new Date(now.getTime() - KNOWN_SOURCE_DAYS * 86400_000)],
    )) as CheckRow[];
    const waits: Date[] = [];
    if (row.pair_until && row.pair_until > now) waits.push(row.pair_until);
    const exempt = row.known_source || (row.system_admin && this.config.adminNetworks.contains(ip));
    if (row.account_until && row.account_until > now && !exempt) waits.push(row.account_until);
    if (!waits.length) return;
    const seconds = Math.max(1, Math.ceil((Math.max(...waits.map((d) => d.getTime())) - now.getTime()) / 1000));
    throw new DomainError('ACCOUNT_LOCKED', `Đăng nhập tạm bị chặn do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${waitText(seconds)}.`, [],
      { 'Retry-After': String(seconds) });
  }

  /** Counts a failure on both keys; returns the failure counts (for the audit row). */
  async recordFailure(username: string, ip: string, now: Date): Promise<{ pair: number; account: number }> {
    const pair = await this.bump(pairKey(username, ip), PAIR_THRESHOLD, now);
    const account = await this.bump(accountKey(username), ACCOUNT_THRESHOLD, now);
    if (Math.random() < 0.01) await this.ds.query(`DELETE FROM login_throttle WHERE last_failure_at < $1`, [new Date(now.getTime() - 86400_000)]);
    return { pair, account };
  }

  async recordSuccess(userId: string, username: string, ip: string, now: Date): Promise<void> {
    await this.ds.query(`DELETE FROM login_throttle WHERE key = $1`, [pairKey(username, ip)]);
    await this.ds.query(
      `INSERT INTO login_known_sources (user_id, ip, last_success_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, ip) DO UPDATE SET last_success_at = EXCLUDED.last_success_at`,
      [userId, ip, now],
    );
  }

  private async bump(key: string, threshold: number, now: Date): Promise<number> {
    const count = `(CASE WHEN t.last_failure_at < $2::timestamptz - interval '${FORGET_AFTER}' THEN 1 ELSE t.failures + 1 END)`;
    const [row] = (await this.ds.query(
      `INSERT INTO login_throttle AS t (key, failures, last_failure_at, blocked_until) VALUES ($1, 1, $2, NULL)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${count},
         last_failure_at = $2,
         blocked_until = CASE WHEN ${count} >= $3
           THEN $2::timestamptz + LEAST($4::float8, power(2, ${count} - $3)) * interval '1 second' END
       RETURNING failures`,
      [key, now, threshold, MAX_BACKOFF_SECONDS],
    )) as { failures: number }[];
    return row.failures;
  }
}

const accountKey = (username: string) => `a:${fold(username)}`;
const pairKey = (username: string, ip: string) => `p:${fold(username)}|${ip}`;

function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
}
