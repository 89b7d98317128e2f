import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { DomainError } from '../../common/errors/domain-error';
import { IDEMPOTENCY_API_HEADER, Idempotent, IdempotencyService, readIdempotencyKey, requestFingerprint, uploadFingerprint } from '../../common/idempotency';
import { validateBody } from '../../common/validation/validation.pipe';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { FilesService } from '../files/files.service';
import type { StoredFile } from '../files/files.types';
import { StoredDocumentVerificationResponseDto } from '../signing/dto/signing-key.dto';
import {
  AddDraftFileDto, ApproveOutgoingDto, CreateOutgoingDocumentDto, IssueOutgoingDto, ListOutgoingQueryDto, OutgoingDocumentResponseDto,
  OutgoingDraftFormDto, ReturnOutgoingDto, SignOutgoingDto, SourceFileQueryDto, SubmitOutgoingDto, UpdateOutgoingDocumentDto,
} from './dto/outgoing-document.dto';
import { OutgoingDocumentsService } from './outgoing-documents.service';
import { ApiPagedResponse, ApiFileResponse, ApiErrors } from '../../common/openapi/api-responses.decorator';

const isMultipart = (req: Request) => String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');

/** Form fields arrive as strings: lists sent as form fields are JSON text. */
function normalizeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  if (typeof out.recipients === 'string') {
    try {
      out.recipients = JSON.parse(out.recipients);
    } catch {
      throw new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ.', [{ field: 'recipients', message: 'recipients phải là JSON (danh sách nơi nhận).' }]);
    }
  }
  return out;
}

function validated<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  return validateBody(cls, plain ?? {});
}

@ApiTags('outgoing-documents')
@ApiBearerAuth()
@ApiExtraModels(CreateOutgoingDocumentDto, OutgoingDraftFormDto)
@Controller('outgoing-documents')
export class OutgoingDocumentsController {
  constructor(
    private readonly service: OutgoingDocumentsService,
    private readonly files: FilesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createOutgoingDocument', summary: 'Tạo dự thảo văn bản đi (multipart: tệp PDF hoặc Word .docx trong "file"; hoặc JSON với fileId)' })
  @ApiErrors(409, 413, 415, 422)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ schema: { anyOf: [{ $ref: getSchemaPath(OutgoingDraftFormDto) }, { $ref: getSchemaPath(CreateOutgoingDocumentDto) }] } })
  @ApiCreatedResponse({ type: OutgoingDocumentResponseDto })
  @ApiHeader(IDEMPOTENCY_API_HEADER)
  @CheckAbility('create', 'OutgoingDocument')
  async create(@CurrentActor() actor: Actor, @Req() req: Request) {
    const key = readIdempotencyKey(req); // checked before the upload is read
    let fields: unknown = req.body;
    let file: StoredFile | null = null;
    let source: StoredFile | null = null;
    let fingerprint = requestFingerprint(req.method, req.originalUrl, req.body);
    if (isMultipart(req)) {
      const upload = await this.files.receiveMultipart(actor, req, { allowDocx: true });
      // A .docx is fingerprinted by its own bytes (two conversions of it need not give identical PDFs).
      fingerprint = uploadFingerprint(req.method, req.originalUrl, { fields: upload.fields, file: upload.source ?? upload.file });
      fields = normalizeFields(upload.fields);
      file = upload.file;
      source = upload.source ?? null;
    }
    const dto = await validated(CreateOutgoingDocumentDto, fields);
    return this.idempotency.run(actor, key, fingerprint, () => this.service.create(actor, dto, file, source), { statusCode: 201 });
  }

  @Get()
  @ApiOperation({ operationId: 'listOutgoingDocuments', summary: 'Danh sách văn bản đi người dùng được xem' })
  @ApiPagedResponse(OutgoingDocumentResponseDto)
  @CheckAbility('read', 'OutgoingDocument')
  list(@CurrentActor() actor: Actor, @Query() q: ListOutgoingQueryDto) {
    return this.service.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getOutgoingDocument', summary: 'Chi tiết văn bản đi (nơi nhận, các phiên bản dự thảo, lịch sử xử lý)' })
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @CheckAbility('read', 'OutgoingDocument')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.service.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateOutgoingDocument', summary: 'Sửa dự thảo (chỉ khi còn là dự thảo; văn bản đã phát hành không sửa được)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @CheckAbility('read', 'OutgoingDocument')
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateOutgoingDocumentDto) {
    return this.service.update(actor, id, dto);
  }

  @Post(':id/files')
  @ApiOperation({ operationId: 'addOutgoingDocumentFile', summary: 'Thêm phiên bản mới của tệp dự thảo, PDF hoặc Word .docx (chỉ khi còn là dự thảo)' })
  @ApiErrors(409, 413, 415, 422)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ type: AddDraftFileDto })
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @HttpCode(200)
  @CheckAbility('read', 'OutgoingDocument')
  async addFile(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Req() req: Request) {
    // State and permission first, so a refused request costs no upload.
    await this.service.assertCanAddFile(actor, id);
    if (isMultipart(req)) {
      const upload = await this.files.receiveMultipart(actor, req, { requireFile: true, allowDocx: true });
      return this.service.addFile(actor, id, upload.file, undefined, upload.source ?? null);
    }
    const dto = await validated(AddDraftFileDto, req.body);
    return this.service.addFile(actor, id, null, dto.fileId);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ operationId: 'submitOutgoingDocument', summary: 'Trình kiểm tra dự thảo' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @CheckAbility('read', 'OutgoingDocument')
  submit(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: SubmitOutgoingDto) {
    return this.service.submit(actor, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ operationId: 'approveOutgoingDocument', summary: 'Duyệt dự thảo, chuyển người ký' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @CheckAbility('read', 'OutgoingDocument')
  approve(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ApproveOutgoingDto) {
    return this.service.approve(actor, id, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({ operationId: 'returnOutgoingDocument', summary: 'Trả lại dự thảo kèm lý do (lý do được lưu trong lịch sử)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @CheckAbility('read', 'OutgoingDocument')
  returnDraft(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ReturnOutgoingDto) {
    return this.service.return(actor, id, dto);
  }

  @Post(':id/sign')
  @HttpCode(200)
  @ApiOperation({ operationId: 'signOutgoingDocument', summary: 'Ký văn bản theo quy chế (TM., KT., TL., Q., trực tiếp) hoặc theo ủy quyền (TUQ., onBehalfOfUserId)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @CheckAbility('read', 'OutgoingDocument')
  sign(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: SignOutgoingDto) {
    return this.service.sign(actor, id, dto);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @ApiOperation({ operationId: 'issueOutgoingDocument', summary: 'Cấp số, ngày; tạo PDF có chữ ký số của người ký và của cơ quan; phát hành tới nơi nhận (văn thư cơ quan)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: OutgoingDocumentResponseDto })
  @CheckAbility('issue', 'OutgoingDocument')
  @Idempotent()
  issue(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: IssueOutgoingDto) {
    return this.service.issue(actor, id, dto);
  }

  @Get(':id/file')
  @ApiOperation({ operationId: 'downloadOutgoingDocumentFile', summary: 'Tải tệp: bản phát hành đã ký số, hoặc bản dự thảo hiện tại' })
  @ApiFileResponse()
  @ApiProduces('application/pdf')
  @CheckAbility('read', 'OutgoingDocument')
  async file(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() res: Response) {
    const { file, downloadName } = await this.service.fileFor(actor, id);
    await this.files.send(res, file, { downloadName });
  }

  @Get(':id/source-file')
  @ApiOperation({ operationId: 'downloadOutgoingDraftSourceFile', summary: 'Tải tệp Word (.docx) gốc của một phiên bản dự thảo, nguyên vẹn từng byte' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOkResponse({ description: 'Tệp .docx gốc', content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(404)
  @CheckAbility('read', 'OutgoingDocument')
  async sourceFile(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query() q: SourceFileQueryDto, @Res() res: Response) {
    const { file, downloadName } = await this.service.sourceFileFor(actor, id, q.version);
    await this.files.send(res, file, { downloadName });
  }

  @Get(':id/preview')
  @ApiOperation({ summary: 'Xem trước văn bản như khi phát hành: chưa có số, ngày và chữ ký số', operationId: 'previewOutgoingDocument' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'Tệp PDF xem trước', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @CheckAbility('read', 'OutgoingDocument')
  async preview(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() res: Response) {
    const pdf = await this.service.preview(actor, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'inline; filename="xem-truoc.pdf"');
    res.setHeader('Cache-Control', 'no-store');
    res.end(pdf);
  }

  @Get(':id/verify')
  @ApiOperation({ operationId: 'verifyOutgoingDocument', summary: 'Kiểm tra chữ ký số của văn bản đã phát hành' })
  @ApiOkResponse({ type: StoredDocumentVerificationResponseDto })
  @CheckAbility('read', 'OutgoingDocument')
  verify(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.service.verify(actor, id);
  }
}
