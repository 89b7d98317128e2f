import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { AuditQueriesService } from './audit-queries.service';
import { ApiPagedResponse } from '../../common/openapi/api-responses.decorator';
import { AuditEntryResponseDto, AuditChainVerificationResponseDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditQueriesService) {}

  @Get()
  @ApiOperation({ operationId: 'listAuditLog', summary: 'Nhật ký kiểm toán của đơn vị (mới nhất trước)' })
  @ApiPagedResponse(AuditEntryResponseDto)
  @CheckAbility('read', 'AuditLog')
  list(@CurrentActor() actor: Actor, @Query() q: PageQueryDto) {
    return this.audit.list(actor, q);
  }

  @Get('verify')
  @ApiOperation({ operationId: 'verifyAuditLog', summary: 'Kiểm tra chuỗi băm của nhật ký: nêu dòng đầu tiên bị sửa' })
  @ApiOkResponse({ type: AuditChainVerificationResponseDto })
  @CheckAbility('read', 'AuditLog')
  verify(@CurrentActor() actor: Actor) {
    return this.audit.verify(actor);
  }
}
