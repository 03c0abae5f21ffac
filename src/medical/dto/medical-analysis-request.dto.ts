import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { MaxConfiguredLength } from '../../core/http/configurable-limits';
import { SubmitOptionsDto } from '../../tasks/dto/submit-options.dto';
import type { AnalysisType } from '../../tasks/job-payloads';
import { ANALYSIS_TYPES } from '../analysis/analysis-schemas';

export class MedicalAnalysisRequestDto extends SubmitOptionsDto {
  @ApiProperty({
    description: 'Symptoms, notes or the question (at most MEDICAL_DATA_MAX_CHARS characters). De-identified before any model sees it.',
    example: 'Chest tightness on exertion for 3 weeks, relieved by rest. BP 150/95.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxConfiguredLength('medicalDataMaxChars')
  medical_data!: string;

  @ApiPropertyOptional({ enum: ANALYSIS_TYPES, default: 'general' })
  @IsOptional()
  @IsIn(ANALYSIS_TYPES)
  analysis_type?: AnalysisType;

  @ApiPropertyOptional({
    description: 'medcor patient id: the record is read for a clinician on the patient\'s care team (403 otherwise). Not allowed with research.',
    example: '17',
    type: String,
  })
  @IsOptional()
  // A JSON number is accepted too; ids are compared as integers by the tools server.
  @Transform(({ value }) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : value))
  @IsString()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'patient_id must be a positive integer' })
  patient_id?: string;
}
