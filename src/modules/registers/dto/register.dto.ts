import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

export class CreateRegisterDto {
  @ApiProperty({ enum: ['incoming', 'outgoing'] })
  @IsIn(['incoming', 'outgoing'])
  kind: 'incoming' | 'outgoing';

  @ApiProperty({ example: 'Sổ văn bản đến' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  year: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Bỏ trống = sổ của cơ quan (văn thư Văn phòng giữ)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(29)
  @IsString({ each: true })
  documentTypes?: string[];

  @ApiPropertyOptional({ default: false, description: 'Sổ văn bản mật (chỉ lưu thông tin, không lưu nội dung)' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;
}

export class ListRegistersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['incoming', 'outgoing'] })
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  kind?: 'incoming' | 'outgoing';

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2200)
  year?: number;
}

export class RegisterResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['incoming', 'outgoing'] }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
  @ApiProperty({ type: [String], nullable: true }) documentTypes: string[] | null;
  @ApiProperty() confidential: boolean;
  @ApiProperty() isDefault: boolean;
  @ApiProperty({ description: 'Sổ của đơn vị cũ nhập khi bàn giao (giữ số cũ, không cấp số mới)' }) legacy: boolean;
  @ApiProperty({ description: 'Số cuối cùng đã cấp trong năm của sổ' }) lastNumber: number;
}
