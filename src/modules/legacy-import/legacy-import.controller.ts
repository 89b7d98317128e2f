import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { ApiErrors } from '../../common/openapi/api-responses.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { CommitImportDto, CreateImportMultipartDto, ImportCommitResponseDto, ImportResponseDto } from './dto/legacy-import.dto';
import { LegacyImportService } from './legacy-import.service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class LegacyImportController {
  constructor(private readonly imports: LegacyImportService) {}

  @Post()
  @ApiOperation({ operationId: 'createImport', summary: 'Tải lên sổ văn bản cũ của đơn vị trước sắp xếp (.xlsx/.csv, kèm ZIP bản quét): nhận diện cột, kiểm tra từng dòng' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateImportMultipartDto, description: 'Tệp sổ trong "file", ZIP bản quét trong "scans"; các trường là trường form hoặc một phần "data" chứa JSON' })
  @ApiCreatedResponse({ type: ImportResponseDto })
  @ApiErrors(413, 415, 422)
  @CheckAbility('create', 'LegacyImport')
  create(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.imports.preview(actor, req);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getImport', summary: 'Kết quả kiểm tra (và nhập) một sổ cũ' })
  @ApiOkResponse({ type: ImportResponseDto })
  @CheckAbility('read', 'LegacyImport')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.imports.get(actor, id);
  }

  @Post(':id/commit')
  @HttpCode(200)
  @ApiOperation({ operationId: 'commitImport', summary: 'Nhập các dòng đã kiểm tra vào sổ cũ mang tên đơn vị cũ, giữ nguyên số; nhập lại cùng tệp không thêm gì' })
  @ApiOkResponse({ type: ImportCommitResponseDto })
  @ApiErrors(422)
  @CheckAbility('create', 'LegacyImport')
  commit(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: CommitImportDto) {
    return this.imports.commit(actor, id, dto);
  }
}
