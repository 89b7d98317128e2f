import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReadinessDepartmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['office', 'department', 'center'] }) kind: string;
}

export class ReadinessSigningRuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() role: string;
  @ApiPropertyOptional({ nullable: true, type: String }) departmentKind: string | null;
  @ApiProperty() authority: string;
  @ApiProperty({ type: [String] }) documentTypes: string[];
}

export class StuckItemDto {
  @ApiProperty({ enum: ['incoming', 'outgoing', 'task'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) lineId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Vì sao không còn ai theo quy tắc, và ai đang giữ theo thứ tự dự phòng' }) reason: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ enum: ['department_clerk', 'department_head', 'office_clerk', 'chief_of_office', 'nobody'] }) heldBy: string;
}

export class ReadinessResponseDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: [ReadinessDepartmentDto] }) departmentsWithoutClerk: ReadinessDepartmentDto[];
  @ApiProperty({ type: [ReadinessDepartmentDto] }) departmentsWithoutHead: ReadinessDepartmentDto[];
  @ApiProperty({ type: [ReadinessSigningRuleDto] }) signingRulesWithoutSigner: ReadinessSigningRuleDto[];
  @ApiProperty({ type: [StuckItemDto], description: 'Việc đang mở mà quy tắc không còn ai nhận: đang nằm ở người dự phòng hoặc không ai' }) stuckItems: StuckItemDto[];
}
