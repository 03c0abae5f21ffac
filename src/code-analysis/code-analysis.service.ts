import { Injectable } from '@nestjs/common';
import { delayMs } from '../tasks/dto/submit-options.dto';
import { AuthenticatedUser } from '../core/auth';
import { AppConfigService } from '../core/config';
import { DispatcherService } from '../tasks/dispatcher/dispatcher.service';
import { RoutingDecision } from '../tasks/dispatcher/routing';
import { TaskAcceptedDto, taskAccepted } from '../tasks/dispatcher/task-accepted.dto';
import type { TaskHandover } from '../tasks/task-handover.registry';
import { validateBody } from '../core/http/validation.pipe';
import { JobName } from '../tasks/queue-names';
import { assertCodeSize } from './code-size';
import { CodeAnalysisRequestDto } from './dto/code-analysis-request.dto';

/** Accepts code for analysis: the size limit first, then always a background task. */
@Injectable()
export class CodeAnalysisService {
  constructor(
    private readonly config: AppConfigService,
    private readonly dispatcher: DispatcherService,
  ) {}

  /** A general query of type code (POST /api/ai/query/): the checks of this endpoint. */
  async handover(handover: TaskHandover): Promise<TaskAcceptedDto> {
    const dto = await validateBody(CodeAnalysisRequestDto, { code: handover.text, ...handover.code, ...handover.options });
    return this.submit(dto, handover.user, handover.requestId, false, handover.routing);
  }

  async submit(dto: CodeAnalysisRequestDto, user: AuthenticatedUser, requestId: string, bypassCache = false, routing?: RoutingDecision): Promise<TaskAcceptedDto> {
    assertCodeSize(dto.code, this.config.all.tasks.codeMaxBytes);
    // Code always runs in the background, scheduled or not; the rule says so.
    routing ??= this.dispatcher.route({ kind: 'code' });
    const accepted = await this.dispatcher.enqueue(
      JobName.CodeAnalysis,
      { code: dto.code, language: dto.language, filename: dto.filename, focus: dto.focus ?? 'all' },
      { requester: { userId: user.userId, roles: user.roles }, requestId, routing, priority: dto.priority, delayMs: delayMs(dto), bypassCache },
    );
    return taskAccepted(accepted.taskId, 'Code analysis submitted for processing', '15-60 seconds', routing);
  }
}

