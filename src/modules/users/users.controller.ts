import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { CreateUserDto, ListUsersQueryDto, ReplaceRolesDto, ResetPasswordDto, TemporaryPasswordResponseDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { ResetPasswordService } from './reset-password.service';
import { UsersService } from './users.service';
import { ApiPagedResponse, ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly resets: ResetPasswordService,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createUser', summary: 'Tạo người dùng với chức vụ, phòng ban và vai trò (có thể kiêm nhiệm)' })
  @ApiErrors(409, 422)
  @ApiCreatedResponse({ type: UserResponseDto })
  @CheckAbility('create', 'User')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'Danh bạ người dùng của đơn vị' })
  @ApiPagedResponse(UserResponseDto)
  @CheckAbility('read', 'User')
  list(@CurrentActor() actor: Actor, @Query() q: ListUsersQueryDto) {
    return this.users.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', summary: 'Một người dùng' })
  @ApiOkResponse({ type: UserResponseDto })
  @CheckAbility('read', 'User')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateUser', summary: 'Sửa họ tên, chức vụ hoặc khóa/mở tài khoản' })
  @ApiErrors(422)
  @ApiOkResponse({ type: UserResponseDto })
  @CheckAbility('update', 'User')
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  @Put(':id/roles')
  @ApiOperation({ operationId: 'replaceUserRoles', summary: 'Thay toàn bộ vai trò của người dùng' })
  @ApiErrors(422)
  @ApiOkResponse({ type: UserResponseDto })
  @CheckAbility('update', 'User')
  replaceRoles(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ReplaceRolesDto) {
    return this.users.replaceRoles(actor, id, dto.roles);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đặt lại mật khẩu (và tùy chọn tắt xác thực hai bước): trả về mật khẩu tạm, thu hồi mọi phiên; người dùng phải đổi mật khẩu khi đăng nhập lại', operationId: 'resetUserPassword' })
  @ApiOkResponse({ type: TemporaryPasswordResponseDto })
  @CheckAbility('update', 'User')
  resetPassword(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ResetPasswordDto) {
    return this.resets.reset(actor, id, dto.resetMfa === true);
  }
}
