import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentResponseDto, ListDepartmentsQueryDto, UpdateDepartmentDto } from './dto/department.dto';
import { CreateOrganizationDto, ListOrganizationsQueryDto, OrganizationResponseDto } from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';
import { ApiPagedResponse, ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiOperation({ operationId: 'createOrganization', summary: 'Tạo đơn vị (UBND phường/xã) cùng quy tắc ký và sổ văn bản mặc định' })
  @ApiErrors(409)
  @ApiCreatedResponse({ type: OrganizationResponseDto })
  @CheckAbility('create', 'Organization')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganizationDto) {
    return this.organizations.create(actor, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listOrganizations', summary: 'Danh sách đơn vị' })
  @ApiPagedResponse(OrganizationResponseDto)
  @CheckAbility('read', 'Organization')
  list(@CurrentActor() actor: Actor, @Query() q: ListOrganizationsQueryDto) {
    return this.organizations.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getOrganization', summary: 'Thông tin một đơn vị' })
  @ApiOkResponse({ type: OrganizationResponseDto })
  @CheckAbility('read', 'Organization')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.organizations.get(actor, id);
  }
}

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Post()
  @ApiOperation({ operationId: 'createDepartment', summary: 'Tạo phòng ban (office = Văn phòng HĐND và UBND)' })
  @ApiErrors(409)
  @ApiCreatedResponse({ type: DepartmentResponseDto })
  @CheckAbility('create', 'Department')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDepartmentDto) {
    return this.departments.create(actor, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listDepartments', summary: 'Danh sách phòng ban với số văn thư và trưởng phòng' })
  @ApiPagedResponse(DepartmentResponseDto)
  @CheckAbility('read', 'Department')
  list(@CurrentActor() actor: Actor, @Query() q: ListDepartmentsQueryDto) {
    return this.departments.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getDepartment', summary: 'Một phòng ban' })
  @ApiOkResponse({ type: DepartmentResponseDto })
  @CheckAbility('read', 'Department')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.departments.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateDepartment', summary: 'Sửa tên, chữ viết tắt hoặc loại phòng' })
  @ApiErrors(409)
  @ApiOkResponse({ type: DepartmentResponseDto })
  @CheckAbility('update', 'Department')
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateDepartmentDto) {
    return this.departments.update(actor, id, dto);
  }
}
