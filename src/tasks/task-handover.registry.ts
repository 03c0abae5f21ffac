import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import type { RoutingDecision } from './dispatcher/routing';
import type { TaskAcceptedDto } from './dispatcher/task-accepted.dto';
import type { SubmitOptionsDto } from './dto/submit-options.dto';
import type { CodeFocus } from './job-payloads';
import type { TaskKind } from './queue-names';

/** A request of one kind that arrived at another kind's endpoint (a general query of type medical…). */
export interface TaskHandover {
  /** The text to work on: medical data, a question for the database, code. */
  text: string;
  context?: Record<string, unknown>;
  /** Code only: what the request said about the code. */
  code?: { language?: string; filename?: string; focus?: CodeFocus };
  /** The submit options of the original request (priority and scheduling). */
  options: Pick<SubmitOptionsDto, 'priority' | 'run_at' | 'delay_seconds'>;
  user: AuthenticatedUser;
  requestId: string;
  /** The route the receiving endpoint already took (and answers with). */
  routing: RoutingDecision;
}

export type TaskHandoverHandler = (handover: TaskHandover) => Promise<TaskAcceptedDto>;

/**
 * Who accepts each kind of task. A domain registers its own service here, so an endpoint that
 * receives another kind's work (POST /api/ai/query/ with query_type medical, database or code)
 * hands it over to that domain, whose checks (access policy, validation, allow-lists) apply as
 * on its own endpoint, instead of building the other domain's job itself.
 */
@Injectable()
export class TaskHandoverRegistry {
  private readonly handlers = new Map<TaskKind, TaskHandoverHandler>();

  register(kind: TaskKind, handler: TaskHandoverHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A handover for ${kind} tasks is already registered`);
    this.handlers.set(kind, handler);
  }

  async handOver(kind: TaskKind, handover: TaskHandover): Promise<TaskAcceptedDto> {
    const handler = this.handlers.get(kind);
    // A wiring fault (the domain's module is not loaded in this role), not the caller's.
    if (!handler) throw new AppError(ErrorCode.Internal, `No service accepts ${kind} tasks in this process`);
    return handler(handover);
  }
}
