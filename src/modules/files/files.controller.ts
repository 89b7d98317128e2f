import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { IdempotencyKey } from '../../common/idempotency/idempotency-key.decorator';
import { IDEMPOTENCY_API_HEADER } from '../../common/idempotency/idempotency.interceptor';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { UploadedFileResponseDto, UploadFileBodyDto } from './dto/file.dto';
import { FileRoutesService } from './file-routes.service';

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly routes: FileRoutesService) {}

  @Post()
  @ApiOperation({ operationId: 'uploadFile', summary: 'Tải lên một tệp PDF (multipart, trường "file") để gắn vào văn bản bằng fileId' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileBodyDto })
  @ApiHeader(IDEMPOTENCY_API_HEADER)
  @ApiCreatedResponse({ type: UploadedFileResponseDto })
  @ApiResponse({ status: 413, description: 'FILE_TOO_LARGE — vượt MAX_UPLOAD_BYTES (mặc định 20 MB), kiểm tra trong khi nhận' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_FILE_TYPE — không phải multipart, hoặc nội dung không phải PDF (không có %PDF- trong 1024 byte đầu)' })
  @ApiResponse({ status: 422, description: 'FILE_UNREADABLE — có dạng PDF nhưng hỏng/cụt, không có trang, hoặc đặt mật khẩu; IDEMPOTENCY_KEY_REUSED' })
  @CheckAbility('create', 'File')
  upload(@CurrentActor() actor: Actor, @Req() req: Request, @IdempotencyKey() key: string | null) {
    return this.routes.upload(actor, req, key);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'downloadFile', summary: 'Tải về tệp mình đã tải lên, nguyên vẹn từng byte (đã kiểm tra SHA-256)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 500, description: 'FILE_INTEGRITY_FAILED — tệp lưu trữ không còn khớp SHA-256, không trả về' })
  @CheckAbility('read', 'File')
  download(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() res: Response) {
    return this.routes.download(actor, id, res);
  }
}
