import { bypassesCache } from '../core/http/cache-control';
import { SubmitEndpoint } from '../tasks/submit-endpoint.decorator';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../core/auth';
import type { AuthenticatedUser } from '../core/auth';
import { TaskAcceptedDto } from '../tasks/dispatcher/task-accepted.dto';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { MedicalAnalysisRequestDto } from './dto/medical-analysis-request.dto';
import { MedicalService } from './medical.service';

@ApiTags('medical')
@ApiBearerAuth()
// The medical path's roles are checked by MedicalService, which audits a refused named-patient request.
@Controller('api/ai/medical')
export class MedicalController {
  constructor(private readonly medical: MedicalService) {}

  @Post()
  @SubmitEndpoint()
  @ApiOperation({
    summary: 'Medical analysis in the background (always 202)',
    description:
      'Needs the clinician or admin role. Queues a de-identified analysis of general, diagnosis, treatment, monitoring or research type. With patient_id the caller must be a clinician on the patient\'s care team (403 otherwise, audited); research works on cohort aggregates only and refuses patient_id (400). The result carries a fixed clinical-decision-support disclaimer.',
  })
  @ApiAcceptedResponse({ type: TaskAcceptedDto, description: 'Queued; poll status_url' })
  @ApiOkResponse({
    description: 'Finished within `wait_seconds` (or `Prefer: wait=N`): the task result, with `task_id` and `routing`',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiErrorResponses(400, 401, 403, 413, 429, 503)
  async submit(
    @Body() dto: MedicalAnalysisRequestDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskAcceptedDto> {
    const accepted = await this.medical.submit(dto, user, String(request.id), bypassesCache(request.headers));
    void reply.status(202);
    return accepted;
  }
}
