import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { DelegationsService } from './delegations.service';
import { CreateDelegationDto, DelegationResponseDto, ListDelegationsQueryDto } from './dto/delegation.dto';
import { ApiPagedResponse, ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Post()
  @ApiOperation({ operationId: 'createDelegation', summary: 'Ủy quyền ký có thời hạn (TUQ.), giới hạn theo loại văn bản; không được ủy quyền lại' })
  @ApiErrors(422)
  @ApiCreatedResponse({ type: DelegationResponseDto })
  @CheckAbility('create', 'Delegation')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDelegationDto) {
    return this.delegations.create(actor, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listDelegations', summary: 'Các ủy quyền người dùng được xem' })
  @ApiPagedResponse(DelegationResponseDto)
  @CheckAbility('read', 'Delegation')
  list(@CurrentActor() actor: Actor, @Query() q: ListDelegationsQueryDto) {
    return this.delegations.list(actor, q);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeDelegation', summary: 'Thu hồi ủy quyền' })
  @ApiErrors(409)
  @ApiNoContentResponse()
  @CheckAbility('delete', 'Delegation')
  async revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.delegations.revoke(actor, id);
  }
}
