import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { ApiFileResponse } from '../../common/openapi/api-responses.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { contentDisposition } from '../files/file-name';
import { ProcessingSlipService } from './processing-slip.service';

@ApiTags('incoming-documents')
@ApiBearerAuth()
@Controller('incoming-documents')
export class ProcessingSlipController {
  constructor(private readonly slips: ProcessingSlipService) {}

  @Get(':id/processing-slip')
  @ApiOperation({ operationId: 'getIncomingProcessingSlip', summary: 'Phiếu giải quyết văn bản đến (PDF): ý kiến lãnh đạo cơ quan, lãnh đạo đơn vị và người giải quyết' })
  @ApiFileResponse()
  @ApiProduces('application/pdf')
  @CheckAbility('read', 'IncomingDocument')
  async slip(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() res: Response): Promise<void> {
    const { pdf, fileName } = await this.slips.render(actor, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', contentDisposition(fileName, true));
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(Buffer.from(pdf));
  }
}
