import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility, Public } from '../../common/authz/check-ability.decorator';
import { DomainError } from '../../common/errors/domain-error';
import { ApiErrors, ApiPagedResponse } from '../../common/openapi/api-responses.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { IncomingDocumentResponseDto } from '../incoming-documents/dto/incoming-document.response.dto';
import { readSmallMultipart } from '../signing/small-multipart';
import {
  AgencyImportFormDto, AgencyImportResponseDto, AgencyResponseDto, InboundPackageResponseDto, ListAgenciesQueryDto, OutgoingExchangeResponseDto,
  RecallDecisionDto, RecallOutgoingDto, ReturnIncomingDocumentDto,
} from './dto/exchange.dto';
import { ExchangeAgenciesService } from './exchange-agencies.service';
import { ExchangeInboundService } from './exchange-inbound.service';
import { IncomingReturnService } from './incoming-return.service';
import { OutgoingRecallService } from './outgoing-recall.service';
import { RecallDecisionService } from './recall-decision.service';

const MAX_CSV_BYTES = 20 * 1024 * 1024;
const MAX_PACKAGE_BYTES = 40 * 1024 * 1024;

@ApiTags('exchange')
@ApiBearerAuth()
@Controller('exchange')
export class ExchangeController {
  constructor(
    private readonly agencies: ExchangeAgenciesService,
    private readonly inbound: ExchangeInboundService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('agencies')
  @ApiOperation({ operationId: 'listExchangeAgencies', summary: 'Danh bạ cơ quan liên thông (mã định danh), tìm theo mã hoặc tên' })
  @ApiPagedResponse(AgencyResponseDto)
  @CheckAbility('read', 'ExchangeAgency')
  list(@CurrentActor() actor: Actor, @Query() q: ListAgenciesQueryDto) {
    return this.agencies.list(actor, q);
  }

  @Post('agencies/import')
  @HttpCode(200)
  @ApiOperation({ operationId: 'importExchangeAgencies', summary: 'Nạp danh bạ cơ quan liên thông từ tệp CSV (organId, name, …)' })
  @ApiErrors(413, 415)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AgencyImportFormDto })
  @ApiOkResponse({ type: AgencyImportResponseDto })
  @CheckAbility('create', 'ExchangeAgency')
  async importCsv(@CurrentActor() actor: Actor, @Req() req: Request) {
    const { file } = await readSmallMultipart(req, MAX_CSV_BYTES);
    if (!file) throw new DomainError('VALIDATION_FAILED', 'Thiếu tệp CSV trong trường "file".', [{ field: 'file', message: 'Bắt buộc.' }]);
    return this.agencies.importCsv(actor, file.buffer);
  }

  @Post('inbound')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'pushExchangePackage', summary: 'Trục liên thông đẩy một gói tin edXML đến (xác thực bằng EXCHANGE_INBOUND_TOKEN)' })
  @ApiErrors(401, 413, 415)
  @ApiConsumes('application/xml')
  @ApiHeader({ name: 'X-Message-Id', required: true, description: 'Mã gói tin của bên gửi (chống trùng)' })
  @ApiHeader({ name: 'X-To', required: false, description: 'Mã định danh cơ quan nhận' })
  @ApiBody({ schema: { type: 'string', description: 'Gói tin edXML đã ký' } })
  @ApiOkResponse({ type: InboundPackageResponseDto })
  async push(@Req() req: Request): Promise<InboundPackageResponseDto> {
    const expected = this.config.exchange.inboundToken;
    const given = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    if (!expected || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      throw new DomainError('UNAUTHENTICATED', 'Trục liên thông chưa được xác thực (thiếu hoặc sai mã truy cập của cổng nhận).');
    }
    if (!/^(application|text)\/xml\b/i.test(String(req.headers['content-type'] ?? ''))) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Gói tin phải gửi dạng application/xml.');
    }
    const messageId = String(req.headers['x-message-id'] ?? '').trim();
    if (!messageId || messageId.length > 200) throw new DomainError('VALIDATION_FAILED', 'Thiếu mã gói tin (X-Message-Id).', [{ field: 'X-Message-Id', message: 'Bắt buộc, tối đa 200 ký tự.' }]);
    const xml = await readBody(req, MAX_PACKAGE_BYTES);
    const to = String(req.headers['x-to'] ?? '').trim().slice(0, 50) || null;
    return { result: await this.inbound.take({ messageId, to, xml, ack: async () => undefined }) };
  }
}

function readBody(req: Request, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new DomainError('PAYLOAD_TOO_LARGE', `Gói tin vượt quá ${max / 1024 / 1024} MB.`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(new DomainError('VALIDATION_FAILED', 'Gói tin gửi lên bị gián đoạn.')));
  });
}

@ApiTags('incoming-documents')
@ApiBearerAuth()
@Controller('incoming-documents')
export class ExchangeIncomingController {
  constructor(
    private readonly returns: IncomingReturnService,
    private readonly decisions: RecallDecisionService,
  ) {}

  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({ operationId: 'returnIncomingDocument', summary: 'Trả lại văn bản đến chưa vào sổ cho cơ quan gửi (gửi trạng thái 02 kèm lý do)' })
  @ApiErrors(409)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  @CheckAbility('register', 'IncomingDocument')
  returnToSender(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ReturnIncomingDocumentDto) {
    return this.returns.returnToSender(actor, id, dto.reason);
  }

  @Post(':id/recall-decision')
  @HttpCode(200)
  @ApiOperation({ operationId: 'decideIncomingRecall', summary: 'Quyết định yêu cầu thu hồi của cơ quan gửi: đồng ý (15) hoặc từ chối (16)' })
  @ApiErrors(409)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  @CheckAbility('register', 'IncomingDocument')
  decide(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RecallDecisionDto) {
    return this.decisions.decide(actor, id, dto.accept, dto.note);
  }
}

@ApiTags('outgoing-documents')
@ApiBearerAuth()
@Controller('outgoing-documents')
export class ExchangeOutgoingController {
  constructor(private readonly recalls: OutgoingRecallService) {}

  @Post(':id/recall')
  @HttpCode(200)
  @ApiOperation({ operationId: 'recallOutgoingDocument', summary: 'Thu hồi văn bản đã phát hành khỏi các cơ quan nhận liên thông (gói tin thu hồi, mã 13)' })
  @ApiErrors(409)
  @ApiOkResponse({ type: OutgoingExchangeResponseDto })
  @CheckAbility('issue', 'OutgoingDocument')
  recall(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RecallOutgoingDto) {
    return this.recalls.recall(actor, id, dto.reason);
  }
}
