import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateDelegationDto {
  @ApiProperty({ format: 'uuid', description: 'Người ủy quyền (người vắng mặt)' })
  @IsUUID()
  fromUserId: string;

  @ApiProperty({ format: 'uuid', description: 'Người được ủy quyền' })
  @IsUUID()
  toUserId: string;

  @ApiProperty({ example: '2025-07-07', description: 'Ngày bắt đầu (giờ địa phương), tính cả ngày' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  validFrom: string;

  @ApiProperty({ example: '2025-07-11', description: 'Ngày kết thúc (giờ địa phương), tính cả ngày' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  validTo: string;

  @ApiPropertyOptional({ type: [String], description: 'Giới hạn loại văn bản; bỏ trống = mọi loại người ủy quyền được ký' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(29)
  @IsString({ each: true })
  documentTypes?: string[];

  @ApiProperty({ example: 'Chủ tịch đi công tác Hà Nội' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class ListDelegationsQueryDto extends PageQueryDto {}

export class DelegationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() fromUserId: string;
  @ApiProperty() toUserId: string;
  @ApiProperty() validFrom: string;
  @ApiProperty() validTo: string;
  @ApiProperty({ type: [String], nullable: true }) documentTypes: string[] | null;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['active', 'scheduled', 'expired', 'revoked'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt: string | null;
  @ApiProperty() createdAt: string;
}
