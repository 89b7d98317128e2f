import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

export class CreateOrganizationDto {
  @ApiProperty({ example: '000.21.33.H26', description: 'Mã định danh của cơ quan (QCVN 102)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  @Matches(/^[A-Za-z0-9.:_-]+$/)
  code: string;

  @ApiProperty({ example: 'Ủy ban nhân dân phường Tây Tựu' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'UBND', description: 'Chữ viết tắt tên cơ quan dùng trong ký hiệu văn bản' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  @Matches(/^[^\s/]+$/u)
  shortName: string;

  @ApiProperty({ example: 'Tây Tựu', description: 'Địa danh ghi ở dòng ngày tháng' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  placeName: string;

  @ApiPropertyOptional({ example: 'THÀNH PHỐ HÀ NỘI', description: 'Tên cơ quan chủ quản (dòng trên tên cơ quan)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  parentName?: string;

  @ApiPropertyOptional({ example: 'Asia/Ho_Chi_Minh' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}

export class ListOrganizationsQueryDto extends PageQueryDto {}

export class OrganizationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() shortName: string;
  @ApiProperty() placeName: string;
  @ApiProperty({ type: String, nullable: true }) parentName: string | null;
  @ApiProperty() timeZone: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ description: 'Mã định danh dùng khi liên thông văn bản (edXML) — bằng code', example: '000.21.33.H26' }) organId?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Cảnh báo khi mã định danh không đúng khuôn dạng QCVN 102 (chỉ cảnh báo)' })
  organIdWarning?: string | null;
}
