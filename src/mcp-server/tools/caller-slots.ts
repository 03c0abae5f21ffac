/**
 * How many calls of one kind a caller may have running (or waiting) at once, so one caller's long
 * work cannot take every slot and make other callers' calls fail: SQL statements (a user's long
 * queries would take every PostgreSQL connection, or the whole line in front of the one embedded
 * connection) and code analyses (one analyser worker). A caller past the cap is answered at once
 * as busy (Unavailable: the gateway retries the task with backoff); entries are kept only while a
 * caller has something running.
 */
import { ToolError, ToolErrorCode } from './tool-definition';

export class CallerSlots {
  private readonly running = new Map<string, number>();

  constructor(
    readonly perCaller: number,
    /** What is counted, for the busy message ("SQL statement(s)", "code analyses"). */
    private readonly what: string,
  ) {}

  /** Takes one of `caller`'s slots; the returned function gives it back (once). */
  take(caller: string): () => void {
    const now = this.running.get(caller) ?? 0;
    if (now >= this.perCaller) {
      throw new ToolError(ToolErrorCode.Unavailable, `This caller already has ${now} ${this.what} running, the most allowed at once; try again when one has finished.`, {
        reason: 'caller_busy',
        running: now,
        limit: this.perCaller,
      });
    }
    this.running.set(caller, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(caller) ?? 1) - 1;
      if (left <= 0) this.running.delete(caller);
      else this.running.set(caller, left);
    };
  }
}
