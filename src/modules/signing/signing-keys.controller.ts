import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { AnySignedIn, CheckAbility } from '../../common/authz/check-ability.decorator';
import { DomainError } from '../../common/errors/domain-error';
import { DevCertificateDto, ImportPkcs12FormDto, SigningImageFormDto, SigningKeyResponseDto, VerificationResponseDto, VerifyUploadFormDto, SignatureImageResponseDto } from './dto/signing-key.dto';
import { SigningKeysService } from './signing-keys.service';
import { readSmallMultipart } from './small-multipart';
import { ApiErrors } from '../../common/openapi/api-responses.decorator';
import { SignatureVerifier } from './signature-verifier.service';

const MAX_P12_BYTES = 64 * 1024;

@ApiTags('signing')
@ApiBearerAuth()
@Controller()
export class SigningKeysController {
  constructor(private readonly keys: SigningKeysService, private readonly verifier: SignatureVerifier) {}

  @Get('signing-keys')
  @ApiOperation({ operationId: 'listSigningKeys', summary: 'Chứng thư số của đơn vị (quản trị) hoặc của chính mình' })
  @ApiOkResponse({ type: [SigningKeyResponseDto] })
  @CheckAbility('read', 'SigningKey')
  list(@CurrentActor() actor: Actor) {
    return this.keys.list(actor);
  }

  @Post('signing-keys/dev-certificates')
  @ApiOperation({ operationId: 'issueDevCertificate', summary: 'Cấp chứng thư phát triển (CA nội bộ, không tin cậy) cho một người hoặc cho cơ quan' })
  @ApiErrors(409, 422)
  @ApiCreatedResponse({ type: SigningKeyResponseDto })
  @CheckAbility('create', 'SigningKey')
  issueDev(@CurrentActor() actor: Actor, @Body() dto: DevCertificateDto) {
    return this.keys.issueDevCertificate(actor, dto);
  }

  @Post('signing-keys/import')
  @ApiOperation({ operationId: 'importSigningKey', summary: 'Nhập chứng thư số thật (PKCS#12 + mật khẩu) cho một người hoặc cho cơ quan' })
  @ApiErrors(413, 415, 422)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportPkcs12FormDto })
  @ApiCreatedResponse({ type: SigningKeyResponseDto })
  @CheckAbility('create', 'SigningKey')
  async importP12(@CurrentActor() actor: Actor, @Req() req: Request) {
    const { fields, file } = await readSmallMultipart(req, MAX_P12_BYTES);
    if (!file) throw new DomainError('VALIDATION_FAILED', 'Thiếu tệp PKCS#12 trong trường "file".', [{ field: 'file', message: 'Bắt buộc.' }]);
    if (typeof fields.password !== 'string') {
      throw new DomainError('VALIDATION_FAILED', 'Thiếu mật khẩu của tệp PKCS#12.', [{ field: 'password', message: 'Bắt buộc.' }]);
    }
    return this.keys.importPkcs12(actor, fields as { userId?: string; agency?: boolean }, file.buffer, fields.password);
  }

  @Post('signing-keys/images')
  @ApiOperation({ operationId: 'setSignatureImage', summary: 'Đặt ảnh chữ ký của một người (PNG xanh, nền trong suốt) hoặc ảnh con dấu của cơ quan (PNG đỏ)' })
  @ApiErrors(413, 415, 422)
  @ApiCreatedResponse({ type: SignatureImageResponseDto })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: SigningImageFormDto })
  @CheckAbility('create', 'SigningKey')
  async setImage(@CurrentActor() actor: Actor, @Req() req: Request) {
    const { fields, file } = await readSmallMultipart(req, 512 * 1024);
    if (!file) throw new DomainError('VALIDATION_FAILED', 'Thiếu ảnh trong trường "file".', [{ field: 'file', message: 'Bắt buộc.' }]);
    return this.keys.setImage(actor, fields as { userId?: string; agency?: boolean }, file.buffer);
  }

  @Post('signatures/verify')
  @HttpCode(200)
  @ApiOperation({ operationId: 'verifyPdfSignatures', summary: 'Kiểm tra chữ ký số của một tệp PDF bất kỳ (người ký, thời điểm ký, nội dung nguyên vẹn, chuỗi chứng thư tin cậy, thu hồi)' })
  @ApiErrors(413, 415, 422)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: VerifyUploadFormDto })
  @ApiOkResponse({ type: VerificationResponseDto })
  @AnySignedIn()
  async verify(@Req() req: Request) {
    const { file } = await readSmallMultipart(req, 20 * 1024 * 1024);
    if (!file) throw new DomainError('VALIDATION_FAILED', 'Thiếu tệp PDF trong trường "file".', [{ field: 'file', message: 'Bắt buộc.' }]);
    if (!file.buffer.subarray(0, 1024).includes('%PDF-')) throw new DomainError('UNSUPPORTED_FILE_TYPE', 'Tệp không phải PDF.');
    return this.verifier.verify(file.buffer);
  }
}
