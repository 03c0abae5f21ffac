import { z } from 'zod';
import { envInt } from './env-helpers';

export const schedulesEnvSchema = z.object({
  /** The shortest gap between two runs of one schedule; a cron that fires more often is refused. */
  SCHEDULE_MIN_INTERVAL_SECONDS: envInt(60, 1, 86_400),
  /** Schedules one user may own at once. */
  SCHEDULES_PER_USER_MAX: envInt(20, 1, 10_000),
  /**
   * A schedule runs with its owner's roles as last seen on an authenticated request; an owner
   * not seen for this long has the schedule paused until they resume it.
   */
  SCHEDULE_OWNER_UNSEEN_MAX_SECONDS: envInt(30 * 86_400, 60),
});

export type SchedulesConfig = ReturnType<typeof toSchedulesConfig>;

export function toSchedulesConfig(env: z.infer<typeof schedulesEnvSchema>) {
  return {
    minIntervalSeconds: env.SCHEDULE_MIN_INTERVAL_SECONDS,
    perUserMax: env.SCHEDULES_PER_USER_MAX,
    ownerUnseenMaxSeconds: env.SCHEDULE_OWNER_UNSEEN_MAX_SECONDS,
  };
}
