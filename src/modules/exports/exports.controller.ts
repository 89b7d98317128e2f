import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { ApiErrors } from '../../common/openapi/api-responses.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { CreateExportDto, ExportQueuedDto, ExportResponseDto } from './dto/export.dto';
import { ExportQueriesService } from './export-queries.service';
import { CONTENT_TYPES } from './export.types';
import { RequestExportService } from './request-export.service';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(private readonly requests: RequestExportService, private readonly queries: ExportQueriesService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ operationId: 'createExport', summary: 'Yêu cầu xuất sổ văn bản (PDF/Excel) hoặc thống kê (Excel); tệp được tạo dần trong nền' })
  @ApiAcceptedResponse({ type: ExportQueuedDto })
  @ApiErrors(422, 429)
  @CheckAbility('create', 'Export')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateExportDto) {
    return this.requests.request(actor, dto);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getExport', summary: 'Tiến độ của một yêu cầu xuất (chỉ người yêu cầu xem được)' })
  @ApiOkResponse({ type: ExportResponseDto })
  @CheckAbility('read', 'Export')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.queries.get(actor, id);
  }

  @Get(':id/file')
  @ApiOperation({ operationId: 'downloadExport', summary: 'Tải tệp đã xuất xong (giữ 7 ngày)' })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf)
  @ApiOkResponse({
    description: 'Tệp Excel hoặc PDF; tên tệp tiếng Việt trong Content-Disposition (filename*)',
    content: { [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } }, [CONTENT_TYPES.pdf]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(409)
  @CheckAbility('read', 'Export')
  file(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() res: Response) {
    return this.queries.send(actor, id, res);
  }
}
