import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { AnySignedIn, Public } from '../../common/authz/check-ability.decorator';
import { AuthService } from './auth.service';
import { LoginDto, LogoutDto, MeResponseDto, RefreshDto, TokenPairResponseDto } from './dto/auth.dto';
import { AuthRateLimitGuard } from './rate-limit.guard';
import { ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('auth')
@Controller('auth')
@UseGuards(AuthRateLimitGuard)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'login', summary: 'Đăng nhập; sai 5 lần liên tiếp khóa tài khoản 15 phút' })
  @ApiErrors(401, 423, 429)
  @ApiOkResponse({ type: TokenPairResponseDto })
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.username, dto.password);
  }

  @Post('refresh')
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
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'logout', summary: 'Đăng xuất phiên hiện tại' })
  @ApiNoContentResponse()
  async logout(@CurrentActor() actor: Actor, @Body() dto: LogoutDto): Promise<void> {
    await this.auth.logout(actor, dto.refreshToken);
  }

  @Get('me')
  @AnySignedIn()
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getMe', summary: 'Người dùng hiện tại, vai trò và quy tắc CASL đã đóng gói' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
