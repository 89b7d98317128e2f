import { ApiProperty } from '@nestjs/swagger';

export class ReadinessDepartmentDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['office', 'department', 'center'] }) kind: string;
}

export class ReadinessSigningRuleDto {
  @ApiProperty() id: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true }) departmentKind: string | null;
  @ApiProperty() authority: string;
  @ApiProperty({ type: [String] }) documentTypes: string[];
}

/** What the administrator still has to set up before the ward can work. */
export class ReadinessResponseDto {
  @ApiProperty({ description: 'Không còn việc nào cần làm' }) ok: boolean;
  @ApiProperty({ type: [ReadinessDepartmentDto] }) departmentsWithoutClerk: ReadinessDepartmentDto[];
  @ApiProperty({ type: [ReadinessDepartmentDto] }) departmentsWithoutHead: ReadinessDepartmentDto[];
  @ApiProperty({ type: [ReadinessSigningRuleDto], description: 'Quy tắc ký chưa có ai giữ vai trò tương ứng' })
  signingRulesWithoutSigner: ReadinessSigningRuleDto[];
}
