import { ApiProperty } from '@nestjs/swagger';

export class UploadFileBodyDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Tệp PDF (kiểm tra theo nội dung, tối đa MAX_UPLOAD_BYTES, mặc định 20 MB)' })
  file: unknown;
}

export class UploadedFileResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Dùng làm fileId khi đăng ký văn bản bằng JSON' }) id: string;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
  @ApiProperty({ description: 'Dung lượng (byte)' }) size: number;
  @ApiProperty({ description: 'Số trang' }) pageCount: number;
  @ApiProperty({ example: 'Công văn số 12 về đất đai.pdf' }) fileName: string;
}
