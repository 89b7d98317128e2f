import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

export const TASK_STATUSES = ['in_progress', 'completion_reported', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_MESSAGE = 'phải là ngày dạng YYYY-MM-DD';

/** Exactly one of userId / departmentId (checked in the service). */
export class TaskPartyDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class CreateTaskDto {
  @ApiProperty({ example: 'Rà soát hồ sơ cấp phép xây dựng quý III' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiProperty({ type: TaskPartyDto, description: '{ userId } (một người) hoặc { departmentId } (cả phòng)' })
  @IsObject()
  @ValidateNested()
  @Type(() => TaskPartyDto)
  assignee: TaskPartyDto;

  @ApiPropertyOptional({ type: [TaskPartyDto], description: 'Người hoặc phòng phối hợp' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TaskPartyDto)
  coordinators?: TaskPartyDto[];

  @ApiProperty({ example: '2025-07-31', description: 'Hạn xử lý: hết ngày này theo múi giờ của đơn vị' })
  @Matches(DATE, { message: `deadline ${DATE_MESSAGE}` })
  deadline: string;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({ format: 'uuid', description: 'Văn bản đến là nguồn của nhiệm vụ' })
  @IsOptional()
  @IsUUID()
  sourceIncomingId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Nhiệm vụ cha (giao tiếp cho cán bộ)' })
  @IsOptional()
  @IsUUID()
  parentTaskId?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['assigned_to_me', 'assigned_by_me', 'department'] })
  @IsOptional()
  @IsIn(['assigned_to_me', 'assigned_by_me', 'department'])
  scope?: 'assigned_to_me' | 'assigned_by_me' | 'department';

  @ApiPropertyOptional({ format: 'uuid', description: 'Với scope=department: phòng cần xem (mặc định: phòng của người dùng)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ description: 'true = chỉ nhiệm vụ quá hạn; false = chỉ nhiệm vụ chưa quá hạn' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;
}

export class ProgressDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  percent: number;

  @ApiProperty({ example: 'Đã rà soát 12/20 hồ sơ' })
  @IsString()
  @MaxLength(5000)
  note: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ example: '2025-08-15' })
  @Matches(DATE, { message: `newDeadline ${DATE_MESSAGE}` })
  newDeadline: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}

export class DecideExtensionDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class ReportCompletionDto {
  @ApiProperty({ example: 'Đã hoàn thành, báo cáo kèm theo.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  report: string;
}

export class ReopenDto {
  @ApiProperty({ example: 'Báo cáo còn thiếu số liệu phường 3' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}

export class TaskPartyResponseDto {
  @ApiProperty({ type: String, nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) fullName: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentName: string | null;
}

export class TaskResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ enum: TASK_PRIORITIES }) priority: TaskPriority;
  @ApiProperty({ example: '2025-07-31' }) deadline: string;
  @ApiProperty({ description: 'Chưa xong và đã qua hết ngày hạn xử lý (múi giờ đơn vị)' }) overdue: boolean;
  @ApiProperty({ type: TaskPartyResponseDto }) assignee: TaskPartyResponseDto;
  @ApiProperty({ type: TaskPartyResponseDto }) assignedBy: TaskPartyResponseDto;
  @ApiProperty({ type: [TaskPartyResponseDto] }) coordinators: TaskPartyResponseDto[];
  @ApiProperty() progressPercent: number;
  @ApiProperty({ type: String, nullable: true }) parentTaskId: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceIncomingId: string | null;
  @ApiProperty({ type: String, nullable: true }) completionReport: string | null;
  @ApiProperty({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Hoàn thành đúng hạn (null khi chưa xong)' }) completedOnTime: boolean | null;
  @ApiProperty() extensionCount: number;
  @ApiProperty() createdAt: string;
}

export class TaskProgressResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() percent: number;
  @ApiProperty() note: string;
  @ApiProperty() userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty() createdAt: string;
}

export class ExtensionRequestResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() currentDeadline: string;
  @ApiProperty() newDeadline: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty() requestedByUserId: string;
  @ApiProperty({ type: String, nullable: true }) decidedByUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote: string | null;
  @ApiProperty() createdAt: string;
}

export class TaskEventResponseDto {
  @ApiProperty({ example: 'created' }) action: string;
  @ApiProperty() actorUserId: string;
  @ApiProperty() actorName: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty() at: string;
}

export class TaskDetailResponseDto extends TaskResponseDto {
  @ApiProperty({ type: [TaskProgressResponseDto] }) progress: TaskProgressResponseDto[];
  @ApiProperty({ type: [ExtensionRequestResponseDto] }) extensionRequests: ExtensionRequestResponseDto[];
  @ApiProperty({ type: [TaskEventResponseDto] }) history: TaskEventResponseDto[];
  @ApiProperty({ type: [String] }) subTaskIds: string[];
}
