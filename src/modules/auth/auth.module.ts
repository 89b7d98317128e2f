import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { ChangePasswordService } from './change-password.service';
import { LoginThrottleService } from './login-throttle.service';
import { LoginService } from './login.service';
import { MfaChallengesService } from './mfa-challenges.service';
import { MfaEnrollmentService } from './mfa-enrollment.service';
import { MfaService } from './mfa.service';
import { AuthRateLimitGuard } from './rate-limit.guard';
import { RefreshTokensService } from './refresh-tokens.service';
import { SecurityPolicyController } from './security-policy.controller';
import { SecurityPolicyService } from './security-policy.service';
import { SessionIssuer } from './session-issuer.service';
import { SessionsService } from './sessions.service';

@Module({
  imports: [UsersModule],
  controllers: [AuthController, AccountController, SecurityPolicyController],
  providers: [
    AuthService, LoginService, LoginThrottleService, MfaService, MfaChallengesService, MfaEnrollmentService, ChangePasswordService,
    SessionsService, SessionIssuer, SecurityPolicyService, RefreshTokensService, AuthRateLimitGuard, BootstrapAdminService,
  ],
  exports: [BootstrapAdminService],
})
export class AuthModule {}
