import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurred_at!: string;
  @ApiProperty({ example: 'dr.raman' }) actor!: string;
  @ApiProperty({ type: [String], example: ['clinician'] }) actor_roles!: string[];
  @ApiProperty({ example: 'patient_record_read' }) action!: string;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 17 }) patient_id!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why: the analysis type', example: 'diagnosis' }) purpose!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) task_id!: string | null;
  @ApiProperty({ example: 'success', description: 'allowed, denied, success, failure or cancelled' }) outcome!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) request_id!: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true, description: 'Ids and codes only' })
  details!: Record<string, unknown> | null;
}

export class AuditListResponseDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first' }) entries!: AuditEntryDto[];
  @ApiProperty({ example: 50 }) limit!: number;
  @ApiProperty({ example: 0 }) offset!: number;
  @ApiProperty({ example: 120, description: 'Entries matching the filters' }) total!: number;
}
