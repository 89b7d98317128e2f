import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PasswordService } from '../users/password.service';

/** On first start (no user at all), creates the deployment's system administrator from the environment. */
@Injectable()
export class BootstrapAdminService {
  private readonly logger = new Logger(BootstrapAdminService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ensureAdmin(): Promise<boolean> {
    const hash = await this.passwords.hash(this.config.bootstrapAdminPassword);
    // The advisory lock keeps two replicas starting together from both creating an administrator.
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('vanthu.bootstrap-admin'))`);
      const [{ exists }] = (await em.query(`SELECT EXISTS (SELECT 1 FROM users) AS exists`)) as { exists: boolean }[];
      if (exists) return false;
      await em.query(
        `INSERT INTO users (organization_id, username, password_hash, full_name, position_title, is_system_admin)
         VALUES (NULL, $1, $2, 'Quản trị hệ thống', 'Quản trị hệ thống', true)`,
        [this.config.bootstrapAdminUsername, hash],
      );
      this.logger.log(`Created the system administrator "${this.config.bootstrapAdminUsername}"`);
      return true;
    });
  }
}
