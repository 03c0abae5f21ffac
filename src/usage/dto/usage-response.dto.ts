import { ApiProperty } from '@nestjs/swagger';

export class UsageRowDto {
  @ApiProperty({ example: 'alice' }) user_id!: string;
  @ApiProperty({ example: 'gpt-4o-mini' }) model!: string;
  @ApiProperty({ description: 'LLM calls that returned an answer' }) calls!: number;
  @ApiProperty() input_tokens!: number;
  @ApiProperty() output_tokens!: number;
}

export class UsageResponseDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ enum: ['own', 'all'], description: '`all` only for admins with ?all=true' }) scope!: 'own' | 'all';
  @ApiProperty({ type: [UsageRowDto], description: 'One row per user and model' }) usage!: UsageRowDto[];
  @ApiProperty({ description: 'Sums over the rows' }) total_input_tokens!: number;
  @ApiProperty() total_output_tokens!: number;
  @ApiProperty() total_calls!: number;
}
