import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../core/auth';
import { AccessPath } from '../shared/policy';
import type { AuthenticatedUser } from '../core/auth';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { CreateScheduleDto, ScheduleDto, ScheduleListDto } from './dto/schedule.dto';
import { ScheduleService } from './schedule.service';

/** Recurring general queries, each visible to its creator only. */
@ApiTags('schedules')
@ApiBearerAuth()
@Access(AccessPath.Schedules)
@Controller('api/ai/schedules')
export class ScheduleController {
  constructor(private readonly schedules: ScheduleService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a recurring query (cron in a time zone)',
    description: 'Each run is queued like a background general query and becomes a normal task (see `recent_task_ids`). Runs default to low priority.',
  })
  @ApiCreatedResponse({ type: ScheduleDto })
  @ApiErrorResponses(400, 401, 503)
  create(@Body() dto: CreateScheduleDto, @CurrentUser() user: AuthenticatedUser): Promise<ScheduleDto> {
    return this.schedules.create(dto, user);
  }

  @Get()
  @ApiOperation({ summary: 'Your schedules, with their recent runs\' task ids' })
  @ApiOkResponse({ type: ScheduleListDto })
  @ApiErrorResponses(401, 503)
  async list(@CurrentUser() user: AuthenticatedUser): Promise<ScheduleListDto> {
    return { success: true, schedules: await this.schedules.list(user) };
  }

  @Get(':scheduleId')
  @ApiParam({ name: 'scheduleId', format: 'uuid' })
  @ApiOperation({ summary: 'One of your schedules' })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrorResponses(401, 404, 503)
  get(@Param('scheduleId') id: string, @CurrentUser() user: AuthenticatedUser): Promise<ScheduleDto> {
    return this.schedules.get(id, user);
  }

  @Post(':scheduleId/pause')
  @HttpCode(200)
  @ApiParam({ name: 'scheduleId', format: 'uuid' })
  @ApiOperation({ summary: 'Pause a schedule (no new runs; runs already queued still finish)' })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrorResponses(401, 404, 503)
  pause(@Param('scheduleId') id: string, @CurrentUser() user: AuthenticatedUser): Promise<ScheduleDto> {
    return this.schedules.setPaused(id, user, true);
  }

  @Post(':scheduleId/resume')
  @HttpCode(200)
  @ApiParam({ name: 'scheduleId', format: 'uuid' })
  @ApiOperation({ summary: 'Resume a paused schedule' })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrorResponses(401, 404, 503)
  resume(@Param('scheduleId') id: string, @CurrentUser() user: AuthenticatedUser): Promise<ScheduleDto> {
    return this.schedules.setPaused(id, user, false);
  }

  @Delete(':scheduleId')
  @HttpCode(204)
  @ApiParam({ name: 'scheduleId', format: 'uuid' })
  @ApiOperation({ summary: 'Delete a schedule (its past runs\' tasks stay until their TTL)' })
  @ApiNoContentResponse({ description: 'Deleted; no body' })
  @ApiErrorResponses(401, 404, 503)
  async remove(@Param('scheduleId') id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.schedules.remove(id, user);
  }
}
