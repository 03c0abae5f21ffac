import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentUser, type AuthenticatedUser } from '../core/auth';
import { AccessPath } from '../shared/policy';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { AuditService } from './audit.service';
import { AuditListQueryDto } from './dto/audit-list-query.dto';
import { AuditListResponseDto } from './dto/audit-list-response.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/ai/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Access(AccessPath.Audit)
  @ApiOperation({
    summary: 'The audit trail of patient data access and medical analyses (auditor or admin)',
    description: 'Newest first, filtered by actor, patient, action and time range, paged with limit (at most 200) and offset.',
  })
  @ApiOkResponse({ type: AuditListResponseDto })
  @ApiErrorResponses(400, 401, 403, 503)
  list(@Query() query: AuditListQueryDto, @CurrentUser() user: AuthenticatedUser, @Req() request: FastifyRequest): Promise<AuditListResponseDto> {
    return this.audit.list(query, user, String(request.id));
  }
}
