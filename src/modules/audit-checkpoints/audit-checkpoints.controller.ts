import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditCheckpointListDto, AuditVerificationResponseDto } from './dto/audit-report.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditCheckpointsController {
  constructor(private readonly checkpoints: AuditCheckpointsService) {}

  @Get('verify')
  @ApiOperation({ summary: 'Kiểm tra nhật ký kiểm toán: chuỗi băm có khóa và các điểm kiểm tra đã ký; nêu dòng đầu tiên bị sửa', operationId: 'verifyAuditTrail' })
  @ApiOkResponse({ type: AuditVerificationResponseDto })
  @CheckAbility('read', 'AuditLog')
  verify(@CurrentActor() actor: Actor) {
    return this.checkpoints.verify(actor);
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Xuất các điểm kiểm tra của nhật ký (giá trị băm đầu chuỗi ký bằng khóa của cơ quan, kèm chứng thư)', operationId: 'exportAuditCheckpoints' })
  @ApiOkResponse({ type: AuditCheckpointListDto })
  @CheckAbility('read', 'AuditLog')
  list(@CurrentActor() actor: Actor) {
    return this.checkpoints.list(actor);
  }
}
