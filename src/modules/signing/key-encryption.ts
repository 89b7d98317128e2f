import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (PKCS#12 files, the development CA key): AES-256-GCM with a key derived from MASTER_KEY by
 * HKDF-SHA256. The record id is bound as additional data, so a ciphertext copied onto another row does not decrypt.
 * Format: `v1:` + base64(iv 12 | tag 16 | ciphertext).
 */
export class KeyEncryption {
  private readonly key: Buffer;

  /** `purpose` separates keys by use (signing keys by default; e.g. 'mfa-secrets/v1' for TOTP secrets). */
  constructor(masterKey: string, purpose: { salt: string; info: string } = { salt: 'vanthu/signing', info: 'signing-keys/v1' }) {
    if (!masterKey) throw new Error('KeyEncryption: MASTER_KEY is required');
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), Buffer.from(purpose.salt), Buffer.from(purpose.info), 32));
  }

  encrypt(plain: Buffer, recordId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(recordId, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string, recordId: string): Buffer {
    if (!sealed.startsWith('v1:')) throw new Error('KeyEncryption: unknown format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(recordId, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }
}
