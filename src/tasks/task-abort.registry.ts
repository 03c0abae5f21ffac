import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../core/errors';

/**
 * The AbortControllers of the tasks running in this process, so a cancel published on Redis
 * (from any API replica) reaches the LLM and MCP calls of the job wherever it runs.
 */
@Injectable()
export class TaskAbortRegistry {
  private readonly running = new Map<string, AbortController>();

  register(taskId: string, controller: AbortController): () => void {
    this.running.set(taskId, controller);
    return () => {
      if (this.running.get(taskId) === controller) this.running.delete(taskId);
    };
  }

  /** True when the task was running here and has been told to stop. */
  abort(taskId: string): boolean {
    const controller = this.running.get(taskId);
    if (!controller) return false;
    controller.abort(new AppError(ErrorCode.Cancelled, 'The task was cancelled'));
    return true;
  }

  get size(): number {
    return this.running.size;
  }
}
