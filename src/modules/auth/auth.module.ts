import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { AuthRateLimitGuard } from './rate-limit.guard';
import { RefreshTokensService } from './refresh-tokens.service';

@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [AuthService, RefreshTokensService, AuthRateLimitGuard, BootstrapAdminService],
  exports: [BootstrapAdminService],
})
export class AuthModule {}
