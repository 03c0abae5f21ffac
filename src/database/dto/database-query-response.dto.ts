import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RoutingDto } from '../../tasks/dispatcher/task-accepted.dto';

export class ResultColumnDto {
  @ApiProperty({ example: 'patient_id' }) name!: string;
  @ApiProperty({ example: 'int8' }) type!: string;
}

export class SqlAttemptDto {
  @ApiProperty({ example: 'SELECT count(*) FROM encounters' }) sql!: string;
  @ApiProperty({ example: true }) success!: boolean;
}

/** The seed's inline shape plus the rows; also a database task's result. */
export class DatabaseQueryResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ description: 'A readable summary: row count and a text table of the first rows', example: '5 rows from medcor_db2 in 3 ms.' })
  response!: string;
  @ApiProperty({ example: 'medcor_db2' }) database!: string;
  @ApiProperty({ enum: ['sql', 'natural_language'] }) mode!: 'sql' | 'natural_language';
  @ApiProperty({ type: [String], example: ['sql_query'] }) tools_used!: string[];
  @ApiProperty({ description: 'Seconds', example: 0.05 }) processing_time!: number;
  @ApiProperty({ example: true }) mcp_available!: boolean;
  @ApiProperty({ type: [ResultColumnDto] }) columns!: ResultColumnDto[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: {} }, description: 'Rows as arrays in column order' }) rows!: unknown[][];
  @ApiProperty({ example: 5 }) row_count!: number;
  @ApiProperty({ description: 'True when the row cap cut the result', example: false }) truncated!: boolean;
  @ApiProperty({ description: 'Database execution time', example: 3 }) duration_ms!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The statement that produced the rows' }) sql!: string | null;
  @ApiPropertyOptional({ type: [SqlAttemptDto], description: 'Natural language: every statement the agent ran' }) sql_attempts?: SqlAttemptDto[];
  @ApiPropertyOptional({ description: "The planner's total cost, when estimated", example: 12.5 }) estimated_cost?: number;
  @ApiPropertyOptional({ type: RoutingDto }) routing?: RoutingDto;
  @ApiPropertyOptional({ description: 'True when answered from the 30-minute result cache' }) cached?: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the cached answer was computed' }) cached_at?: string;
}
