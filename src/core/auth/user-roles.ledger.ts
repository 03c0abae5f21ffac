import { Injectable, Optional } from '@nestjs/common';
import { AppConfigService } from '../config';
import { RedisService } from '../redis/redis.service';
import type { AuthenticatedUser } from './authenticated-user';

export interface SeenRoles {
  roles: string[];
  /** Epoch ms of the authenticated request that showed them. */
  seenAt: number;
}

const REWRITE_AFTER_MS = 60_000;
const REMEMBERED_USERS = 10_000;

/**
 * The roles each user's tokens carried on their latest authenticated request, kept in Redis for
 * work that runs without a request (a schedule's runs), so that such work uses the roles the user
 * has now rather than those frozen when it was set up. Written at most once a minute per user and
 * process, or at once when the roles change; the write never delays the request.
 */
@Injectable()
export class UserRolesLedger {
  private readonly written = new Map<string, { roles: string; at: number }>();
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: RedisService,
    @Optional() config?: AppConfigService,
  ) {
    this.ttlSeconds = config?.all.schedules.ownerUnseenMaxSeconds ?? 30 * 86_400;
  }

  seen(user: AuthenticatedUser): void {
    const roles = JSON.stringify([...user.roles].sort());
    const now = Date.now();
    const last = this.written.get(user.userId);
    if (last && last.roles === roles && now - last.at < REWRITE_AFTER_MS) return;
    if (this.written.size >= REMEMBERED_USERS) this.written.clear();
    this.written.set(user.userId, { roles, at: now });
    const value = JSON.stringify({ roles: JSON.parse(roles) as string[], seenAt: now } satisfies SeenRoles);
    this.redis.client.set(this.key(user.userId), value, 'EX', this.ttlSeconds).catch(() => {
      // Redis down: forget the write so the next request tries again.
      this.written.delete(user.userId);
    });
  }

  /** The roles last seen for this user, or null when not seen within the ledger's TTL. */
  async lastSeen(userId: string): Promise<SeenRoles | null> {
    const raw = await RedisService.guard(() => this.redis.client.get(this.key(userId)));
    return raw ? (JSON.parse(raw) as SeenRoles) : null;
  }

  /**
   * Which of `roles` the user no longer holds, as last seen on an authenticated request; null when
   * the user was not seen within the ledger's TTL (nothing can be confirmed). Work that runs later
   * as the user (a schedule's runs, a delayed task) runs only with all of them held.
   */
  async lostRoles(userId: string, roles: readonly string[]): Promise<string[] | null> {
    const seen = await this.lastSeen(userId);
    return seen ? roles.filter((role) => !seen.roles.includes(role)) : null;
  }

  private key(userId: string): string {
    return this.redis.key('user-roles', userId);
  }
}
