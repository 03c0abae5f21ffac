import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { assertMayUse, CurrentUser } from '../core/auth';
import { AccessPath } from '../shared/policy';
import type { AuthenticatedUser } from '../core/auth';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { UsageRecorder } from '../core/llm/usage.recorder';
import { UsageResponseDto } from './dto/usage-response.dto';

/** LLM token usage per user and model, as recorded by UsageRecorder on every answered call. */
@ApiTags('usage')
@ApiBearerAuth()
@Controller('api/ai/usage')
export class UsageController {
  constructor(private readonly usage: UsageRecorder) {}

  @Get()
  @ApiOperation({ summary: 'Your LLM token usage per model; admins may ask for every user\'s with ?all=true' })
  @ApiQuery({ name: 'all', required: false, enum: ['true', 'false'], description: 'Admins only: every user' })
  @ApiOkResponse({ type: UsageResponseDto })
  @ApiErrorResponses(401, 403, 503)
  async get(@CurrentUser() user: AuthenticatedUser, @Query('all') all?: string): Promise<UsageResponseDto> {
    const everyone = all === 'true' || all === '1';
    if (everyone) assertMayUse(AccessPath.Admin, user.roles);
    const rows = everyone ? await this.usage.allUsers() : await this.usage.forUser(user.userId);
    rows.sort((a, b) => a.user_id.localeCompare(b.user_id) || a.model.localeCompare(b.model));
    return {
      success: true,
      scope: everyone ? 'all' : 'own',
      usage: rows,
      total_input_tokens: rows.reduce((n, r) => n + r.input_tokens, 0),
      total_output_tokens: rows.reduce((n, r) => n + r.output_tokens, 0),
      total_calls: rows.reduce((n, r) => n + r.calls, 0),
    };
  }
}
