import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';

/** Token counts of one LLM call, as LangChain reports them (usage_metadata). */
export interface LlmUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export interface UsageRow {
  user_id: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
}

/** How long usage is summed in memory before it is written (and the most a crash can lose). */
const FLUSH_EVERY_MS = 1000;

interface Pending {
  userId: string;
  model: string;
  calls: number;
  input: number;
  output: number;
}

/**
 * Token usage per user and model in Redis (`<prefix>:usage:<user>` hash, fields
 * `<model>|calls|input|output`), served at GET /api/ai/usage/. Calls are summed in memory and
 * written once a second (and on shutdown), one MULTI per user (a cluster allows no MULTI across
 * slots), all sent together: one LLM call used to cost a MULTI of four commands, about 6% of a
 * worker's CPU under load. An accounting hiccup never fails the user's request; a user's write
 * that failed is kept and retried with the next flush.
 */
@Injectable()
export class UsageRecorder implements OnModuleDestroy {
  private readonly logger = new Logger(UsageRecorder.name);
  private pending = new Map<string, Pending>();
  private readonly unlisted = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly redis: RedisService) {}

  record(userId: string, model: string, usage: LlmUsage): void {
    const id = `${userId}\u0000${model}`;
    const entry = this.pending.get(id) ?? { userId, model, calls: 0, input: 0, output: 0 };
    entry.calls += 1;
    entry.input += usage.input_tokens ?? 0;
    entry.output += usage.output_tokens ?? 0;
    this.pending.set(id, entry);
    this.schedule();
  }

  /** Writes what has been summed so far; on failure it is merged back for the next attempt. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0 && this.unlisted.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const byUser = new Map<string, [string, Pending][]>();
    for (const [id, entry] of batch) byUser.set(entry.userId, [...(byUser.get(entry.userId) ?? []), [id, entry]]);
    const users = [...byUser.keys()];
    const writes = users.map((userId) => {
      const key = this.redis.key('usage', userId);
      const multi = this.redis.client.multi();
      for (const [, { model, calls, input, output }] of byUser.get(userId) ?? []) {
        multi.hincrby(key, `${model}|calls`, calls).hincrby(key, `${model}|input`, input).hincrby(key, `${model}|output`, output);
      }
      return multi.exec();
    });
    // The list of users is a set: adding a user again is harmless, so a failed add is just redone.
    const toList = [...new Set([...users, ...this.unlisted])];
    this.unlisted.clear();
    const listed = this.redis.client.sadd(this.redis.key('usage-users'), ...toList);
    const outcomes = await Promise.allSettled([...writes, listed]);
    const failedUsers = users.filter((_, i) => outcomes[i].status === 'rejected');
    const listFailed = outcomes[users.length].status === 'rejected';
    if (failedUsers.length === 0 && !listFailed) return;
    this.logger.warn('Could not record LLM usage; retrying with the next flush');
    for (const userId of failedUsers) {
      for (const [id, entry] of byUser.get(userId) ?? []) {
        const now = this.pending.get(id);
        this.pending.set(id, now ? { ...now, calls: now.calls + entry.calls, input: now.input + entry.input, output: now.output + entry.output } : entry);
      }
    }
    if (listFailed) for (const userId of toList) this.unlisted.add(userId);
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  async forUser(userId: string): Promise<UsageRow[]> {
    const h = await RedisService.guard(() => this.redis.client.hgetall(this.redis.key('usage', userId)));
    const rows = new Map<string, UsageRow>();
    for (const [field, value] of Object.entries(h)) {
      const [model, kind] = field.split('|');
      const row = rows.get(model) ?? { user_id: userId, model, calls: 0, input_tokens: 0, output_tokens: 0 };
      if (kind === 'calls') row.calls = Number(value);
      if (kind === 'input') row.input_tokens = Number(value);
      if (kind === 'output') row.output_tokens = Number(value);
      rows.set(model, row);
    }
    return [...rows.values()];
  }

  async allUsers(): Promise<UsageRow[]> {
    const users = await RedisService.guard(() => this.redis.client.smembers(this.redis.key('usage-users')));
    return (await Promise.all(users.sort().map((u) => this.forUser(u)))).flat();
  }
}
