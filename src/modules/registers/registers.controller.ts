import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { CreateRegisterDto, ListRegistersQueryDto, RegisterResponseDto } from './dto/register.dto';
import { RegistersService } from './registers.service';
import { ApiPagedResponse, ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('registers')
@ApiBearerAuth()
@Controller('registers')
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  @Post()
  @ApiOperation({ operationId: 'createRegister', summary: 'Mở sổ văn bản (đến/đi) cho một năm; bỏ trống departmentId = sổ của cơ quan' })
  @ApiErrors(409)
  @ApiCreatedResponse({ type: RegisterResponseDto })
  @CheckAbility('create', 'Register')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRegisterDto) {
    return this.registers.create(actor, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listRegisters', summary: 'Các sổ văn bản người dùng được xem' })
  @ApiPagedResponse(RegisterResponseDto)
  @CheckAbility('read', 'Register')
  list(@CurrentActor() actor: Actor, @Query() q: ListRegistersQueryDto) {
    return this.registers.list(actor, q);
  }
}
