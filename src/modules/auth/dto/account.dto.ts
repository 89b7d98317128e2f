import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../common/auth/password-policy';
import { TokenPairResponseDto } from './auth.dto';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: 'Ít nhất 12 ký tự, không phổ biến, không chứa tên đăng nhập' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 2)
  newPassword: string;
}

/** Login answer for a user enrolled in two-factor sign-in: send the code with this token to POST /auth/login/mfa. */
export class MfaChallengeResponseDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ description: 'Dùng một lần, hết hạn sau expiresIn giây' }) mfaToken: string;
  @ApiProperty() expiresIn: number;
}

/**
 * Login answer for a user whose role requires two-factor sign-in but who has not enrolled yet. `enrollmentToken` is a
 * bearer token that only opens POST /auth/mfa/enroll, POST /auth/mfa/confirm, GET /auth/me and POST /auth/logout.
 */
export class MfaEnrollmentRequiredResponseDto {
  @ApiProperty({ enum: [true] }) mfaEnrollmentRequired: true;
  @ApiProperty({ description: 'Bearer token chỉ dùng để bật xác thực hai bước' }) enrollmentToken: string;
  @ApiProperty() expiresIn: number;
  @ApiProperty() message: string;
}

export class LoginMfaDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  mfaToken: string;

  @ApiProperty({ example: '123456', description: 'Mã 6 số từ ứng dụng xác thực' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'Mã xác thực gồm đúng 6 chữ số.' })
  code: string;
}

export class MfaCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'Mã xác thực gồm đúng 6 chữ số.' })
  code: string;
}

export class MfaEnrollResponseDto {
  @ApiProperty({ description: 'Khóa bí mật base32 (nhập tay vào ứng dụng xác thực)' }) secret: string;
  @ApiProperty({ description: 'otpauth://totp/… (hiển thị dưới dạng mã QR)' }) otpauthUrl: string;
}

export class MfaConfirmResponseDto {
  @ApiProperty({ enum: [true] }) mfaEnabled: true;
  @ApiPropertyOptional({ type: TokenPairResponseDto, description: 'Có khi xác nhận bằng enrollmentToken: phiên đăng nhập đầy đủ' })
  session?: TokenPairResponseDto;
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastUsedAt: string;
  @ApiPropertyOptional({ nullable: true }) ip: string | null;
  @ApiPropertyOptional({ nullable: true }) userAgent: string | null;
  @ApiProperty({ description: 'Phiên của chính yêu cầu này' }) current: boolean;
}

export class SessionListResponseDto {
  @ApiProperty({ type: [SessionResponseDto] }) items: SessionResponseDto[];
}

export const MFA_ROLE_KEYS = ['admin', 'chairman', 'vice_chairman', 'office_head', 'head', 'deputy_head', 'clerk', 'specialist'] as const;
export type MfaRoleKey = (typeof MFA_ROLE_KEYS)[number];
export const DEFAULT_MFA_ROLES: MfaRoleKey[] = ['admin', 'chairman', 'vice_chairman', 'office_head'];

export class SecurityPolicyDto {
  @ApiProperty({ enum: MFA_ROLE_KEYS, isArray: true, description: 'Vai trò bắt buộc xác thực hai bước; office_head = Chánh Văn phòng' })
  @IsArray()
  @ArrayMaxSize(MFA_ROLE_KEYS.length)
  @IsIn(MFA_ROLE_KEYS, { each: true })
  mfaRequiredRoles: MfaRoleKey[];
}

export class SecurityPolicyResponseDto {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ enum: MFA_ROLE_KEYS, isArray: true }) mfaRequiredRoles: MfaRoleKey[];
  @ApiProperty({ description: 'true khi đơn vị chưa chọn và đang dùng mặc định của hệ thống (MFA_DEFAULT)' }) isDefault: boolean;
}

export class SecurityPolicyQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ quản trị hệ thống' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}
