import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { IDEMPOTENCY_API_HEADER, Idempotent, IdempotencyKey } from '../../common/idempotency';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { IncomingDocumentPageDto, IncomingDocumentResponseDto, ListIncomingDocumentsQueryDto } from './dto/incoming-document.response.dto';
import { AssignLineDto, CompleteLineDto, DirectIncomingDocumentDto, ReassignLineDto, ReturnLineDto, SubmitIncomingDocumentDto } from './dto/incoming-workflow.dto';
import { IncomingLineActionsService } from './incoming-line-actions.service';
import { RegisterIncomingDocumentDto, RegisterReceivedDocumentDto } from './dto/register-incoming-document.dto';
import { IncomingDeliveryService } from './incoming-delivery.service';
import { IncomingIntakeService } from './incoming-intake.service';
import { IncomingQueriesService } from './incoming-queries.service';
import { IncomingWorkflowService } from './incoming-workflow.service';
import { ApiFileResponse, ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('incoming-documents')
@ApiBearerAuth()
@Controller('incoming-documents')
export class IncomingDocumentsController {
  constructor(
    private readonly intake: IncomingIntakeService,
    private readonly queries: IncomingQueriesService,
    private readonly workflow: IncomingWorkflowService,
    private readonly delivery: IncomingDeliveryService,
    private readonly lineActions: IncomingLineActionsService,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'registerIncomingDocument', summary: 'Vào sổ văn bản đến (multipart có tệp PDF, hoặc JSON với fileId); cấp số đến liên tục theo sổ và năm' })
  @ApiErrors(409, 413, 415, 422)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: RegisterIncomingDocumentDto, description: 'multipart: tệp trong "file", các trường là trường form hoặc một phần "data" chứa JSON' })
  @ApiCreatedResponse({ type: IncomingDocumentResponseDto })
  @ApiHeader(IDEMPOTENCY_API_HEADER)
  @CheckAbility('create', 'IncomingDocument')
  register(@CurrentActor() actor: Actor, @Req() req: Request, @IdempotencyKey() idempotencyKey: string | null) {
    return this.intake.register(actor, req, idempotencyKey);
  }

  @Get()
  @ApiOperation({ operationId: 'listIncomingDocuments', summary: 'Danh sách văn bản đến người dùng được xem; tìm không dấu theo trích yếu, số ký hiệu, cơ quan ban hành' })
  @ApiOkResponse({ type: IncomingDocumentPageDto })
  @CheckAbility('read', 'IncomingDocument')
  list(@CurrentActor() actor: Actor, @Query() q: ListIncomingDocumentsQueryDto) {
    return this.queries.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getIncomingDocument', summary: 'Một văn bản đến với các dòng xử lý và lịch sử' })
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  @CheckAbility('read', 'IncomingDocument')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.queries.get(actor, id);
  }

  @Get(':id/file')
  @ApiOperation({ operationId: 'downloadIncomingDocumentFile', summary: 'Tệp văn bản đến đúng từng byte như khi nhận; stamped=true: bản có dấu ĐẾN' })
  @ApiFileResponse()
  @ApiQuery({ name: 'stamped', required: false, type: Boolean })
  @ApiProduces('application/pdf')
  @CheckAbility('read', 'IncomingDocument')
  file(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query('stamped') stamped: string | undefined, @Res() res: Response) {
    return this.intake.sendFile(actor, id, stamped === 'true' || stamped === '1', res);
  }

  @Post(':id/register')
  @HttpCode(200)
  @ApiOperation({ operationId: 'registerReceivedIncomingDocument', summary: 'Vào sổ văn bản nhận từ đơn vị trong hệ thống (cấp số đến)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  @Idempotent()
  // Who acts is decided per record (role rules, then the fallback order: IncomingAccess); any reader reaches the check.
  @CheckAbility('read', 'IncomingDocument')
  registerReceived(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RegisterReceivedDocumentDto) {
    return this.delivery.registerReceived(actor, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ operationId: 'submitIncomingDocument', summary: 'Trình lãnh đạo cho ý kiến chỉ đạo' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  // Who acts is decided per record (role rules, then the fallback order: IncomingAccess); any reader reaches the check.
  @CheckAbility('read', 'IncomingDocument')
  submit(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: SubmitIncomingDocumentDto) {
    return this.workflow.submit(actor, id, dto);
  }

  @Post(':id/direct')
  @HttpCode(200)
  @ApiOperation({ operationId: 'directIncomingDocument', summary: 'Lãnh đạo chỉ đạo: đơn vị/người chủ trì, phối hợp, nhận để biết, hạn giải quyết' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  // Who acts is decided per record (role rules, then the fallback order: IncomingAccess); any reader reaches the check.
  @CheckAbility('read', 'IncomingDocument')
  direct(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: DirectIncomingDocumentDto) {
    return this.workflow.direct(actor, id, dto);
  }

  @Post(':id/lines/:lineId/receive')
  @HttpCode(200)
  @ApiOperation({ operationId: 'receiveIncomingLine', summary: 'Tiếp nhận dòng xử lý (văn thư phòng, hoặc người được giao)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  // Who acts is decided per record (role rules, then the fallback order: IncomingAccess); any reader reaches the check.
  @CheckAbility('read', 'IncomingDocument')
  receive(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('lineId', UuidPipe) lineId: string) {
    return this.workflow.receive(actor, id, lineId);
  }

  @Post(':id/lines/:lineId/assign')
  @HttpCode(200)
  @ApiOperation({ operationId: 'assignIncomingLine', summary: 'Giao người xử lý trong phòng (trưởng phòng hoặc văn thư phòng)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  // Who acts is decided per record (role rules, then the fallback order: IncomingAccess); any reader reaches the check.
  @CheckAbility('read', 'IncomingDocument')
  assign(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('lineId', UuidPipe) lineId: string, @Body() dto: AssignLineDto) {
    return this.workflow.assign(actor, id, lineId, dto);
  }

  @Post(':id/lines/:lineId/complete')
  @HttpCode(200)
  @ApiOperation({ operationId: 'completeIncomingLine', summary: 'Báo hoàn thành dòng xử lý (dòng chủ trì hoàn thành thì văn bản hoàn thành)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  // Who acts is decided per record (role rules, then the fallback order: IncomingAccess); any reader reaches the check.
  @CheckAbility('read', 'IncomingDocument')
  complete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('lineId', UuidPipe) lineId: string, @Body() dto: CompleteLineDto) {
    return this.workflow.complete(actor, id, lineId, dto);
  }

  @Post(':id/lines/:lineId/return')
  @HttpCode(200)
  @ApiOperation({ operationId: 'returnIncomingLine', summary: 'Trả lại dòng xử lý chuyển sai (về người đã chuyển)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  // Who acts is decided per record (role rules, then the fallback order: IncomingAccess); any reader reaches the check.
  @CheckAbility('read', 'IncomingDocument')
  returnLine(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('lineId', UuidPipe) lineId: string, @Body() dto: ReturnLineDto) {
    return this.workflow.returnLine(actor, id, lineId, dto);
  }

  @Post(':id/lines/:lineId/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đã xem: đóng dòng nhận để biết (một thao tác)', operationId: 'acknowledgeIncomingLine' })
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  @CheckAbility('read', 'IncomingDocument')
  acknowledge(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('lineId', UuidPipe) lineId: string) {
    return this.lineActions.acknowledge(actor, id, lineId);
  }

  @Post(':id/lines/:lineId/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Giao lại dòng xử lý của một người cho người khác cùng phòng (trưởng phòng, văn thư phòng)', operationId: 'reassignIncomingLine' })
  @ApiOkResponse({ type: IncomingDocumentResponseDto })
  @CheckAbility('read', 'IncomingDocument')
  reassign(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('lineId', UuidPipe) lineId: string, @Body() dto: ReassignLineDto) {
    return this.lineActions.reassign(actor, id, lineId, dto);
  }
}
