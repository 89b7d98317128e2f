import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { SecurityPolicyDto, SecurityPolicyQueryDto, SecurityPolicyResponseDto } from './dto/account.dto';
import { SecurityPolicyService } from './security-policy.service';

/** The organization's sign-in policy (which roles must use two-factor sign-in); organization admins, or the system admin. */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organization/security-policy')
export class SecurityPolicyController {
  constructor(private readonly policy: SecurityPolicyService) {}

  @Get()
  @CheckAbility('update', 'User')
  @ApiOperation({ summary: 'Chính sách đăng nhập của đơn vị: vai trò bắt buộc xác thực hai bước', operationId: 'getSecurityPolicy' })
  @ApiOkResponse({ type: SecurityPolicyResponseDto })
  get(@CurrentActor() actor: Actor, @Query() q: SecurityPolicyQueryDto) {
    return this.policy.get(actor, q.organizationId);
  }

  @Put()
  @CheckAbility('update', 'User')
  @ApiOperation({ summary: 'Đặt các vai trò bắt buộc xác thực hai bước (office_head = Chánh Văn phòng)', operationId: 'updateSecurityPolicy' })
  @ApiOkResponse({ type: SecurityPolicyResponseDto })
  update(@CurrentActor() actor: Actor, @Body() dto: SecurityPolicyDto, @Query() q: SecurityPolicyQueryDto) {
    return this.policy.update(actor, dto.mfaRequiredRoles, q.organizationId);
  }
}
