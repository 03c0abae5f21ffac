import { z } from 'zod';
import { envFloat, envInt } from './env-helpers';

export const tasksEnvSchema = z.object({
  // Result retention, the seed's cache TTLs.
  TASK_TTL_QUERY_SECONDS: envInt(3600, 1),
  TASK_TTL_MEDICAL_SECONDS: envInt(7200, 1),
  TASK_TTL_DATABASE_SECONDS: envInt(1800, 1),
  TASK_TTL_CODE_SECONDS: envInt(1800, 1),
  // The longest a task may run before it is failed with a timeout error.
  TASK_TIMEOUT_QUERY_SECONDS: envInt(300, 1),
  TASK_TIMEOUT_MEDICAL_SECONDS: envInt(600, 1),
  TASK_TIMEOUT_DATABASE_SECONDS: envInt(300, 1),
  TASK_TIMEOUT_CODE_SECONDS: envInt(300, 1),
  TASK_MAX_RETRIES: envInt(3, 0, 20),
  TASK_BACKOFF_MS: envInt(2000, 1, 3_600_000),
  WORKER_CONCURRENCY: envInt(8, 1, 1000),
  WORKER_HEARTBEAT_SECONDS: envInt(5, 1, 600),
  /** Bull's stalled-job check: how soon a job whose worker died is picked up again. */
  WORKER_STALLED_INTERVAL_MS: envInt(15_000, 500, 3_600_000),
  INLINE_QUERY_MAX_CHARS: envInt(500, 1),
  QUERY_MAX_CHARS: envInt(20_000, 1),
  MEDICAL_DATA_MAX_CHARS: envInt(50_000, 1),
  CODE_MAX_BYTES: envInt(204_800, 1),
  /** A query's `context` object, as JSON (only its first 4,000 characters reach the model). */
  CONTEXT_MAX_BYTES: envInt(16_384, 2),
  /** EXPLAIN total cost above which an otherwise simple SQL query goes to the background. */
  DB_INLINE_MAX_COST: envInt(10_000, 0),
  /** Inline work in flight above which new work goes to the background (adaptive routing). */
  INLINE_MAX_IN_FLIGHT: envInt(64, 1),
  /** Measured p95 (seconds) of a kind above which it goes to the background. */
  INLINE_MAX_P95_SECONDS: envFloat(30, 0.001, 86_400),
  /** Routing measurements older than this are forgotten (and their Redis list expires). */
  INLINE_SAMPLE_WINDOW_SECONDS: envInt(300, 1, 86_400),
  /** Share of a diverted kind's requests still answered inline, so recovery is seen. */
  INLINE_PROBE_RATIO: envFloat(0.05, 0, 1),
  /** Inline agent work past this many seconds continues as a background task (202). */
  INLINE_DEADLINE_SECONDS: envInt(20, 1, 3600),
  /** Tool rounds an inline query may make before it continues in the background. */
  INLINE_MAX_TOOL_ROUNDS: envInt(1, 0, 20),
  /** Live task followers (SSE streams, wait_seconds) per API process. */
  TASK_FOLLOWERS_MAX: envInt(1000, 1, 100_000),
  /** Live task followers per user per API process: one user cannot take every slot. */
  TASK_FOLLOWERS_PER_USER_MAX: envInt(20, 1, 100_000),
  /**
   * Tasks one user may have waiting for their `run_at` / `delay_seconds` (not yet due): each
   * stays in Redis, record and sealed job, until it runs, up to 30 days ahead.
   */
  DELAYED_TASKS_PER_USER_MAX: envInt(1000, 1, 1_000_000),
});

export type TasksConfig = ReturnType<typeof toTasksConfig>;

export function toTasksConfig(env: z.infer<typeof tasksEnvSchema>) {
  return {
    ttlSeconds: {
      query: env.TASK_TTL_QUERY_SECONDS,
      medical: env.TASK_TTL_MEDICAL_SECONDS,
      database: env.TASK_TTL_DATABASE_SECONDS,
      code: env.TASK_TTL_CODE_SECONDS,
    },
    timeoutSeconds: {
      query: env.TASK_TIMEOUT_QUERY_SECONDS,
      medical: env.TASK_TIMEOUT_MEDICAL_SECONDS,
      database: env.TASK_TIMEOUT_DATABASE_SECONDS,
      code: env.TASK_TIMEOUT_CODE_SECONDS,
    },
    maxRetries: env.TASK_MAX_RETRIES,
    backoffMs: env.TASK_BACKOFF_MS,
    workerConcurrency: env.WORKER_CONCURRENCY,
    heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    inlineQueryMaxChars: env.INLINE_QUERY_MAX_CHARS,
    queryMaxChars: env.QUERY_MAX_CHARS,
    medicalDataMaxChars: env.MEDICAL_DATA_MAX_CHARS,
    codeMaxBytes: env.CODE_MAX_BYTES,
    contextMaxBytes: env.CONTEXT_MAX_BYTES,
    dbInlineMaxCost: env.DB_INLINE_MAX_COST,
    inlineMaxInFlight: env.INLINE_MAX_IN_FLIGHT,
    inlineMaxP95Seconds: env.INLINE_MAX_P95_SECONDS,
    inlineSampleWindowMs: env.INLINE_SAMPLE_WINDOW_SECONDS * 1000,
    inlineProbeRatio: env.INLINE_PROBE_RATIO,
    followersMax: env.TASK_FOLLOWERS_MAX,
    inlineDeadlineMs: env.INLINE_DEADLINE_SECONDS * 1000,
    inlineMaxToolRounds: env.INLINE_MAX_TOOL_ROUNDS,
    followersPerUserMax: env.TASK_FOLLOWERS_PER_USER_MAX,
    delayedPerUserMax: env.DELAYED_TASKS_PER_USER_MAX,
  };
}
