import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { AllowedDuring, AnySignedIn, Public } from '../../common/authz/check-ability.decorator';
import { Client, ClientInfo } from '../../common/http/client-info.decorator';
import { AuthService } from './auth.service';
import { LoginMfaDto, MfaChallengeResponseDto, MfaEnrollmentRequiredResponseDto } from './dto/account.dto';
import { LoginDto, LogoutDto, MeResponseDto, RefreshDto, TokenPairResponseDto } from './dto/auth.dto';
import { LoginService } from './login.service';
import { AuthRateLimitGuard } from './rate-limit.guard';
import { ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly logins: LoginService,
  ) {}

  @Post('login')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Đăng nhập. Trả về cặp token; hoặc { mfaRequired, mfaToken } khi đã bật xác thực hai bước; hoặc { mfaEnrollmentRequired, enrollmentToken } khi vai trò bắt buộc mà chưa bật. Sai nhiều lần: 423 ACCOUNT_LOCKED với Retry-After tăng dần (1 s, 2 s, 4 s … tối đa 15 phút)',
    operationId: 'login',
  })
  @ApiErrors(401, 423, 429)
  @ApiExtraModels(TokenPairResponseDto, MfaChallengeResponseDto, MfaEnrollmentRequiredResponseDto)
  @ApiOkResponse({
    schema: { oneOf: [TokenPairResponseDto, MfaChallengeResponseDto, MfaEnrollmentRequiredResponseDto].map((m) => ({ $ref: getSchemaPath(m) })) },
  })
  login(@Body() dto: LoginDto, @Client() client: ClientInfo) {
    return this.logins.login(dto.username, dto.password, client);
  }

  @Post('login/mfa')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Bước hai của đăng nhập: mfaToken và mã 6 số từ ứng dụng xác thực (mỗi mã dùng một lần)', operationId: 'loginWithMfaCode' })
  @ApiErrors(401, 429)
  @ApiOkResponse({ type: TokenPairResponseDto })
  loginWithCode(@Body() dto: LoginMfaDto, @Client() client: ClientInfo) {
    return this.logins.loginWithCode(dto.mfaToken, dto.code, client);
  }

  @Post('refresh')
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'refreshTokens', summary: 'Đổi refresh token lấy cặp token mới (token cũ hết hiệu lực; dùng lại sẽ thu hồi cả phiên)' })
  @ApiErrors(401)
  @ApiOkResponse({ type: TokenPairResponseDto })
  refresh(@Body() dto: RefreshDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @AnySignedIn()
  @AllowedDuring('password_change', 'mfa_enrollment')
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'logout', summary: 'Đăng xuất phiên hiện tại' })
  @ApiNoContentResponse()
  async logout(@CurrentActor() actor: Actor, @Body() dto: LogoutDto): Promise<void> {
    await this.auth.logout(actor, dto.refreshToken);
  }

  @Get('me')
  @AnySignedIn()
  @AllowedDuring('password_change', 'mfa_enrollment')
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getMe', summary: 'Người dùng hiện tại, vai trò và quy tắc CASL đã đóng gói' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
