import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../auth';
import { AppError, ErrorCode } from '../errors';
import { ThrottleKeys, userTracker } from './throttle-keys';

/**
 * Rate limits per user (the JWT `sub`; the client IP only where no user is known), counted in
 * Redis so the limit holds across API replicas. Registered after the JWT guard, so `req.user` is
 * set. A 429 carries `Retry-After` in the one error shape; Redis trouble lets the request through
 * (the limiter must not become the outage).
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  private readonly log = new Logger(UserThrottlerGuard.name);
  private readonly keys = new ThrottleKeys();

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as AuthenticatedUser | undefined;
    return user?.userId ? userTracker(user.userId) : `ip:${String((req as unknown as FastifyRequest).ip)}`;
  }

  /** One counter per user and limit across all submit endpoints, not one per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return this.keys.of(throttlerName, tracker);
  }

  protected override async handleRequest(requestProps: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(requestProps);
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.log.warn({ throttler: requestProps.throttler.name, error: (error as Error)?.message }, 'Rate limit store unavailable; request not limited');
      return true;
    }
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new AppError(
      ErrorCode.RateLimited,
      `Too many requests: the limit is ${detail.limit} per ${Math.round(detail.ttl / 1000)} s; retry after the time in Retry-After`,
      { retryAfterSeconds: Math.max(1, detail.timeToBlockExpire) },
    );
  }
}
