import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RoutingDto } from '../../tasks/dispatcher/task-accepted.dto';

/** The seed's inline shape. */
export class AiQueryResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ example: 'HbA1c below 5.7% is considered normal.' }) response!: string;
  @ApiProperty({ example: 'general' }) query_type!: string;
  @ApiProperty({ type: [String], example: ['list_tables'] }) tools_used!: string[];
  @ApiProperty({ description: 'Seconds', example: 0.5 }) processing_time!: number;
  @ApiProperty({ example: true }) mcp_available!: boolean;
  @ApiProperty({ type: RoutingDto }) routing!: RoutingDto;
  @ApiPropertyOptional({ example: 'gpt-4o-mini' }) model?: string;
  @ApiPropertyOptional({ description: 'Set when the answer came from the LLM alone because MCP was down' }) note?: string;
}
