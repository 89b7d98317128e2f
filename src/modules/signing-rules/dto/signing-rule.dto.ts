import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import { DEPARTMENT_KINDS, ROLES } from '../../../common/auth/roles';
import { AUTHORITIES } from '../signing-rules.defaults';

export class SigningRuleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: (typeof ROLES)[number];

  @ApiPropertyOptional({ enum: DEPARTMENT_KINDS, description: 'Chỉ cho vai trò thuộc phòng: loại phòng áp dụng' })
  @IsOptional()
  @IsIn(DEPARTMENT_KINDS)
  departmentKind?: (typeof DEPARTMENT_KINDS)[number];

  @ApiProperty({ enum: AUTHORITIES })
  @IsIn(AUTHORITIES)
  authority: (typeof AUTHORITIES)[number];

  @ApiProperty({ type: [String], example: ['THONG_BAO', 'GIAY_MOI'], description: 'Mã loại văn bản, hoặc ["*"] cho mọi loại' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(29)
  @IsString({ each: true })
  documentTypes: string[];
}

export class ReplaceSigningRulesDto {
  @ApiProperty({ type: [SigningRuleDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SigningRuleDto)
  rules: SigningRuleDto[];
}

export class SigningRuleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, enum: DEPARTMENT_KINDS, nullable: true }) departmentKind: string | null;
  @ApiProperty({ enum: AUTHORITIES }) authority: string;
  @ApiProperty({ type: [String] }) documentTypes: string[];
}
