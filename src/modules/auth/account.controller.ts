import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { AllowedDuring, AnySignedIn } from '../../common/authz/check-ability.decorator';
import { Client, ClientInfo } from '../../common/http/client-info.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { ChangePasswordService } from './change-password.service';
import { ChangePasswordDto, MfaCodeDto, MfaConfirmResponseDto, MfaEnrollResponseDto, SessionListResponseDto } from './dto/account.dto';
import { MfaEnrollmentService } from './mfa-enrollment.service';
import { AuthRateLimitGuard } from './rate-limit.guard';
import { SessionsService } from './sessions.service';

/** The caller's own account: password, two-factor sign-in, sessions. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AccountController {
  constructor(
    private readonly passwords: ChangePasswordService,
    private readonly mfa: MfaEnrollmentService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('change-password')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(204)
  @AnySignedIn()
  @AllowedDuring('password_change')
  @ApiOperation({ summary: 'Đổi mật khẩu của chính mình; các phiên đăng nhập khác bị thu hồi', operationId: 'changeOwnPassword' })
  @ApiNoContentResponse()
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Client() client: ClientInfo): Promise<void> {
    await this.passwords.change(actor, dto.currentPassword, dto.newPassword, client);
  }

  @Post('mfa/enroll')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @AnySignedIn()
  @AllowedDuring('password_change', 'mfa_enrollment')
  @ApiOperation({ summary: 'Bắt đầu bật xác thực hai bước (TOTP): khóa bí mật và otpauth:// để hiển thị mã QR', operationId: 'enrollMfa' })
  @ApiOkResponse({ type: MfaEnrollResponseDto })
  enroll(@CurrentActor() actor: Actor) {
    return this.mfa.enroll(actor);
  }

  @Post('mfa/confirm')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @AnySignedIn()
  @AllowedDuring('password_change', 'mfa_enrollment')
  @ApiOperation({ summary: 'Xác nhận bằng mã 6 số để bật xác thực hai bước', operationId: 'confirmMfa' })
  @ApiOkResponse({ type: MfaConfirmResponseDto })
  confirm(@CurrentActor() actor: Actor, @Body() dto: MfaCodeDto, @Client() client: ClientInfo) {
    return this.mfa.confirm(actor, dto.code, client);
  }

  @Get('sessions')
  @AnySignedIn()
  @ApiOperation({ summary: 'Các phiên đăng nhập đang hiệu lực của chính mình', operationId: 'listOwnSessions' })
  @ApiOkResponse({ type: SessionListResponseDto })
  listSessions(@CurrentActor() actor: Actor) {
    return this.sessions.list(actor);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @AnySignedIn()
  @ApiOperation({ summary: 'Thu hồi một phiên đăng nhập của chính mình (có hiệu lực ngay)', operationId: 'revokeOwnSession' })
  @ApiNoContentResponse()
  async revokeSession(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.sessions.revoke(actor, id);
  }
}
