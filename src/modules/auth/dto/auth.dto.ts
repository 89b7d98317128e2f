import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username: string;

  @ApiProperty({ example: 'VanThu@2025!' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'Phiên cần đăng xuất; bỏ trống = mọi phiên của người dùng' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class MeRoleDto {
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
}

export class MeResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
  @ApiProperty() positionTitle: string;
  @ApiProperty({ type: [MeRoleDto] }) roles: MeRoleDto[];
  @ApiProperty({ description: 'Quy tắc CASL (packRules) của người dùng', type: 'array', items: { type: 'array', items: {} } }) rules: unknown[];
}

export class TokenPairResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Thời hạn access token (giây)' }) expiresIn: number;
  @ApiProperty({ type: MeResponseDto }) user: MeResponseDto;
  @ApiProperty({ description: 'true sau khi quản trị viên đặt lại mật khẩu: mọi chức năng khác trả 403 PASSWORD_CHANGE_REQUIRED cho đến khi đổi mật khẩu (POST /auth/change-password)' })
  mustChangePassword: boolean;
}
