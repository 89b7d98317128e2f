import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEPARTMENT_KINDS } from '../../../common/auth/roles';
import { PageQueryDto } from '../../../common/pagination/pagination';

const UNIT_CODE = /^[\p{Lu}\p{N}]+$/u;

export class CreateDepartmentDto {
  @ApiProperty({ example: 'Phòng Kinh tế - Hạ tầng và Đô thị' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'KTHTĐT', description: 'Chữ viết tắt của đơn vị trong ký hiệu công văn (chữ in hoa, không dấu cách)' })
  @IsString()
  @MaxLength(30)
  @Matches(UNIT_CODE)
  code: string;

  @ApiProperty({ enum: DEPARTMENT_KINDS, description: 'office = Văn phòng HĐND và UBND (văn thư cơ quan)' })
  @IsIn(DEPARTMENT_KINDS)
  kind: (typeof DEPARTMENT_KINDS)[number];
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(30)
  @Matches(UNIT_CODE)
  code?: string;

  @ApiPropertyOptional({ enum: DEPARTMENT_KINDS })
  @IsOptional()
  @IsIn(DEPARTMENT_KINDS)
  kind?: (typeof DEPARTMENT_KINDS)[number];
}

export class ListDepartmentsQueryDto extends PageQueryDto {}

export class DepartmentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: DEPARTMENT_KINDS }) kind: string;
  @ApiProperty({ description: 'Số văn thư của phòng' }) clerkCount: number;
  @ApiProperty({ type: String, nullable: true }) headUserId: string | null;
}
