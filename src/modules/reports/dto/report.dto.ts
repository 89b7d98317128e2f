import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class SummaryQueryDto {
  @ApiPropertyOptional({ example: '2025-07-01', description: 'Từ ngày (mặc định: ngày đầu tháng hiện tại)' })
  @IsOptional()
  @Matches(DATE, { message: 'from phải là ngày dạng YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-07-31', description: 'Đến ngày, tính cả ngày này (mặc định: hôm nay)' })
  @IsOptional()
  @Matches(DATE, { message: 'to phải là ngày dạng YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ một phòng (trưởng phòng: mặc định là phòng mình)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ enum: ['department'], description: 'department = thêm số liệu từng phòng (byDepartment)' })
  @IsOptional()
  @IsIn(['department'])
  groupBy?: 'department';
}

export class IncomingSummaryDto {
  @ApiProperty() received: number;
  @ApiProperty() completed: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() overdue: number;
  @ApiProperty() completedOnTime: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Hoàn thành đúng hạn ÷ hoàn thành có hạn (0–1), null khi không có' }) onTimeRate: number | null;
  @ApiPropertyOptional({ description: 'Cấp phường: đã vào sổ nhưng chưa có chỉ đạo (không tính vào inProgress)' }) notDirected?: number;
}

export class OutgoingSummaryDto {
  @ApiProperty() issued: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { cong_van: 3, quyet_dinh: 1 } }) byType: Record<string, number>;
}

export class TasksSummaryDto {
  @ApiProperty() assigned: number;
  @ApiProperty() done: number;
  @ApiProperty() doneOnTime: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Hoàn thành đúng hạn ÷ hoàn thành có hạn (0–1), null khi không có' }) onTimeRate: number | null;
}

export class SummaryDto {
  @ApiProperty({ type: IncomingSummaryDto }) incoming: IncomingSummaryDto;
  @ApiProperty({ type: OutgoingSummaryDto }) outgoing: OutgoingSummaryDto;
  @ApiProperty({ type: TasksSummaryDto }) tasks: TasksSummaryDto;
}

export class DepartmentSummaryDto extends SummaryDto {
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: IncomingSummaryDto, description: 'Dòng phối hợp của phòng (incoming là dòng chủ trì)' }) incomingCoordinate: IncomingSummaryDto;
}

export class SummaryResponseDto extends SummaryDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
  @ApiPropertyOptional({ type: [DepartmentSummaryDto], description: 'Khi groupBy=department' }) byDepartment?: DepartmentSummaryDto[];
  @ApiPropertyOptional({ type: IncomingSummaryDto, description: 'Khi groupBy=department: tổng các dòng chủ trì theo phòng' }) departmentTotals?: IncomingSummaryDto;
  @ApiPropertyOptional({ type: [String], description: 'Khi groupBy=department: số liệu nào trùng nhau, số liệu nào cộng được' }) overlaps?: string[];
}
