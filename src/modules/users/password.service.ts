import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** argon2id hashes; the memory cost is configurable so tests can hash quickly, production uses the OWASP default. */
@Injectable()
export class PasswordService {
  private dummyHash: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.config.argon2MemoryKib, timeCost: 2, parallelism: 1 });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Same work for an unknown username as for a wrong password, so timing does not reveal which accounts exist. */
  async burn(password: string): Promise<void> {
    this.dummyHash ??= this.hash('not-a-real-password-only-for-timing');
    await this.verify(await this.dummyHash, password);
  }
}
