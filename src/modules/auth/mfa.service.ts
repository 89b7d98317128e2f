import { Inject, Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { KeyEncryption } from '../signing/key-encryption';
import { DEFAULT_MFA_ROLES, MfaRoleKey } from './dto/account.dto';

const PERIOD = 30;
const ISSUER = 'vanthu';

interface MfaRow {
  username: string;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  mfa_enabled_at: Date | null;
}

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step of clock drift). Secrets are stored encrypted with a key derived from
 * MASTER_KEY (AES-256-GCM, the user id bound as additional data). A code is accepted once: the last accepted time step is
 * kept per user and a code of that step or an earlier one is refused, across every API replica.
 */
@Injectable()
export class MfaService {
  private readonly crypt: KeyEncryption;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.crypt = new KeyEncryption(config.masterKey, { salt: 'vanthu/mfa', info: 'mfa-secrets/v1' });
  }

  /** A new secret, pending until confirmed with a code (re-enrolling before confirming replaces it). */
  async enroll(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
    const row = await this.row(userId);
    if (row.mfa_enabled_at) throw new DomainError('INVALID_STATE', 'Tài khoản đã bật xác thực hai bước.');
    const secret = new Secret({ size: 20 });
    await this.ds.query(`UPDATE users SET mfa_pending_secret_enc = $2 WHERE id = $1`, [userId, this.crypt.encrypt(Buffer.from(secret.bytes), userId)]);
    const totp = new TOTP({ issuer: ISSUER, label: row.username, secret, period: PERIOD });
    return { secret: secret.base32, otpauthUrl: totp.toString() };
  }

  /** Checks a code against the pending secret and turns two-factor sign-in on; false for a wrong code. */
  async confirm(userId: string, code: string): Promise<boolean> {
    const row = await this.row(userId);
    if (row.mfa_enabled_at) throw new DomainError('INVALID_STATE', 'Tài khoản đã bật xác thực hai bước.');
    if (!row.mfa_pending_secret_enc) throw new DomainError('INVALID_STATE', 'Hãy bắt đầu bật xác thực hai bước (quét mã QR) trước khi nhập mã.');
    const step = this.matchingStep(this.crypt.decrypt(row.mfa_pending_secret_enc, userId), code);
    if (step === null) return false;
    const res = (await this.ds.query(
      `UPDATE users SET mfa_secret_enc = mfa_pending_secret_enc, mfa_pending_secret_enc = NULL, mfa_enabled_at = $2, mfa_last_step = $3
        WHERE id = $1 AND mfa_enabled_at IS NULL AND mfa_pending_secret_enc IS NOT NULL`,
      [userId, this.clock.now(), step],
    )) as [unknown, number];
    if (res[1] !== 1) throw new DomainError('CONFLICT', 'Xác thực hai bước vừa được bật ở nơi khác; hãy tải lại trang.');
    return true;
  }

  /** true when the code is right and was not used before (its time step is newer than the last accepted one). */
  async verify(userId: string, code: string): Promise<'ok' | 'wrong' | 'replayed'> {
    const row = await this.row(userId);
    if (!row.mfa_secret_enc) return 'wrong';
    const step = this.matchingStep(this.crypt.decrypt(row.mfa_secret_enc, userId), code);
    if (step === null) return 'wrong';
    const res = (await this.ds.query(
      `UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2)`,
      [userId, step],
    )) as [unknown, number];
    return res[1] === 1 ? 'ok' : 'replayed';
  }

  async isEnabled(userId: string): Promise<boolean> {
    return (await this.row(userId)).mfa_enabled_at !== null;
  }

  /** Whether the user's roles require two-factor sign-in under the organization's policy (or the deployment default). */
  async isRequired(userId: string): Promise<boolean> {
    const [row] = (await this.ds.query(
      `SELECT u.is_system_admin, o.mfa_required_roles,
              COALESCE((SELECT json_agg(CASE WHEN r.role = 'head' AND d.kind = 'office' THEN 'office_head' ELSE r.role END)
                          FROM role_assignments r LEFT JOIN departments d ON d.id = r.department_id WHERE r.user_id = u.id), '[]') AS keys
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
      [userId],
    )) as { is_system_admin: boolean; mfa_required_roles: string[] | null; keys: string[] }[];
    if (!row) return false;
    if (row.is_system_admin) return this.config.mfaDefault === 'signers-and-admins';
    const required = row.mfa_required_roles ?? this.defaultRoles();
    return row.keys.some((k) => required.includes(k));
  }

  defaultRoles(): MfaRoleKey[] {
    return this.config.mfaDefault === 'signers-and-admins' ? DEFAULT_MFA_ROLES : [];
  }

  private matchingStep(secret: Buffer, code: string): number | null {
    const now = this.clock.now().getTime();
    const delta = TOTP.validate({ token: code, secret: new Secret({ buffer: new Uint8Array(secret).buffer }), period: PERIOD, timestamp: now, window: 1 });
    return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
  }

  private async row(userId: string): Promise<MfaRow> {
    const [row] = (await this.ds.query(
      `SELECT username, mfa_secret_enc, mfa_pending_secret_enc, mfa_enabled_at FROM users WHERE id = $1`, [userId])) as MfaRow[];
    if (!row) throw new DomainError('UNAUTHENTICATED', 'Tài khoản không còn hiệu lực.');
    return row;
  }
}
