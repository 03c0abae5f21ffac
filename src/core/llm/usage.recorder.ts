import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';
import type { LlmUsage } from './llm.service';

export interface UsageRow {
  user_id: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
}

/**
 * Token usage per user and model in Redis (`<prefix>:usage:<user>` hash, fields
 * `<model>|calls|input|output`), served at GET /api/ai/usage/. Recording is fire-and-forget:
 * an accounting hiccup never fails the user's request.
 */
@Injectable()
export class UsageRecorder {
  private readonly logger = new Logger(UsageRecorder.name);

  constructor(private readonly redis: RedisService) {}

  record(userId: string, model: string, usage: LlmUsage): void {
    const key = this.redis.key('usage', userId);
    this.redis.client
      .multi()
      .hincrby(key, `${model}|calls`, 1)
      .hincrby(key, `${model}|input`, usage.input_tokens ?? 0)
      .hincrby(key, `${model}|output`, usage.output_tokens ?? 0)
      .sadd(this.redis.key('usage-users'), userId)
      .exec()
      .catch(() => this.logger.warn('Could not record LLM usage'));
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
