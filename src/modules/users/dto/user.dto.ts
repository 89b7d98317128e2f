import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested,
} from 'class-validator';
import { ROLES } from '../../../common/auth/roles';
import { PageQueryDto } from '../../../common/pagination/pagination';

export class RoleInputDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: (typeof ROLES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Bắt buộc với head, deputy_head, clerk, specialist' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'vanthu.kt' })
  @IsString()
  @MinLength(3)
  @MaxLength(100)
  @Matches(/^[a-zA-Z0-9._-]+$/)
  username: string;

  @ApiProperty({ minLength: 12, maxLength: 128, example: 'Hoa-Sen-No#2025!', description: 'Ít nhất 12 ký tự, không nằm trong danh sách mật khẩu phổ biến/bị lộ, không chứa tên đăng nhập' })
  @IsString()
  @MaxLength(256)
  password: string;

  @ApiProperty({ example: 'Nguyễn Thị Hoa' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 'Chánh Văn phòng', description: 'Chức vụ in ở khối chữ ký' })
  @IsString()
  @MaxLength(200)
  positionTitle: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiProperty({ type: [RoleInputDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RoleInputDto)
  roles: RoleInputDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ quản trị hệ thống: đơn vị của người dùng' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  positionTitle?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ReplaceRolesDto {
  @ApiProperty({ type: [RoleInputDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RoleInputDto)
  roles: RoleInputDto[];
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: (typeof ROLES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ quản trị hệ thống' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class RoleResponseDto {
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
}

export class UserResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty() positionTitle: string;
  @ApiProperty({ type: String, nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'Đã bật xác thực hai bước' }) mfaEnabled: boolean;
  @ApiProperty({ description: 'Phải đổi mật khẩu (sau khi quản trị viên đặt lại)' }) mustChangePassword: boolean;
  @ApiProperty({ type: [RoleResponseDto] }) roles: RoleResponseDto[];
}

export class ResetPasswordDto {
  @ApiPropertyOptional({ description: 'Tắt luôn xác thực hai bước (người dùng mất thiết bị); vai trò bắt buộc sẽ phải bật lại khi đăng nhập' })
  @IsOptional()
  @IsBoolean()
  resetMfa?: boolean;
}

export class TemporaryPasswordResponseDto {
  @ApiProperty({ description: 'Mật khẩu tạm ngẫu nhiên, chỉ hiển thị một lần; người dùng phải đổi ở lần đăng nhập sau' }) temporaryPassword: string;
}
