import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors';

/** The one error shape, for Swagger. */
export class ErrorBodyDto {
  @ApiProperty({ enum: [false], example: false }) success!: false;
  @ApiProperty({ example: 'Request validation failed' }) error!: string;
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.ValidationFailed }) code!: string;
  @ApiPropertyOptional({
    description: 'Structured detail: validation errors per field (an array), or an object for other errors',
    oneOf: [{ type: 'array', items: { type: 'object', additionalProperties: true } }, { type: 'object', additionalProperties: true }],
    example: [{ field: 'query', errors: ['query should not be empty'] }],
  })
  details?: unknown;
  @ApiProperty({ example: '5b2c1f0e-8d4a-4c6e-9a51-0f1e2d3c4b5a' }) request_id!: string;
}
