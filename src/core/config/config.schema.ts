/**
 * The whole configuration: one schema over the environment, validated before Nest starts.
 * A wrong value stops the process with the variable's name and what was expected.
 */
import { appEnvSchema, toAppConfig } from './app.config';
import { authEnvSchema, toAuthConfig } from './auth.config';
import { isLoopbackHost } from './local-secrets';
import { llmEnvSchema, toLlmConfig } from './llm.config';
import { mcpEnvSchema, toMcpConfig } from './mcp.config';
import { redisEnvSchema, redisTopologyIssues, toRedisConfig } from './redis.config';
import { schedulesEnvSchema, toSchedulesConfig } from './schedules.config';
import { securityEnvSchema, toSecurityConfig } from './security.config';
import { tasksEnvSchema, toTasksConfig } from './tasks.config';

export const envSchema = appEnvSchema
  .extend(redisEnvSchema.shape)
  .extend(llmEnvSchema.shape)
  .extend(mcpEnvSchema.shape)
  .extend(authEnvSchema.shape)
  .extend(tasksEnvSchema.shape)
  .extend(securityEnvSchema.shape)
  .extend(schedulesEnvSchema.shape)
  .superRefine((env, ctx) => {
    // A server others can reach must not accept tokens signed with a secret someone else may
    // know, whatever NODE_ENV says; production needs real secrets even on loopback.
    const reachable = !isLoopbackHost(env.HOST);
    if (!reachable && env.NODE_ENV !== 'production') return;
    const why = reachable ? `required when HOST (${env.HOST}) is not loopback` : 'required in production';
    if (!env.JWT_SECRET && !env.JWT_JWKS_URI) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: `${why} (or set JWT_JWKS_URI)` });
    }
    if (!env.PHI_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PHI_ENCRYPTION_KEY'], message: why });
    }
    // Keys from an identity provider sign tokens for all of its applications: without an audience
    // and an issuer, a token issued for another application (with its own "admin" role) passes.
    // Keys fetched over plain HTTP from another host can be swapped on the way.
    if (env.JWT_JWKS_URI) {
      if (!env.JWT_AUDIENCE) ctx.addIssue({ code: 'custom', path: ['JWT_AUDIENCE'], message: `${why} with JWT_JWKS_URI` });
      if (!env.JWT_ISSUER) ctx.addIssue({ code: 'custom', path: ['JWT_ISSUER'], message: `${why} with JWT_JWKS_URI` });
      const jwks = new URL(env.JWT_JWKS_URI);
      if (jwks.protocol !== 'https:' && !isLoopbackHost(jwks.hostname.replace(/^\[|\]$/g, ''))) {
        ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URI'], message: `must be https: unless on loopback (${why.replace('required ', '')})` });
      }
    }
  })
  .superRefine((env, ctx) => redisTopologyIssues(env, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message })));

/** Every variable the service reads (deployment files are checked against this list). */
export const ENV_VARIABLES = Object.keys(envSchema.shape) as string[];

export interface AllConfig {
  app: ReturnType<typeof toAppConfig>;
  redis: ReturnType<typeof toRedisConfig>;
  llm: ReturnType<typeof toLlmConfig>;
  mcp: ReturnType<typeof toMcpConfig>;
  auth: ReturnType<typeof toAuthConfig>;
  tasks: ReturnType<typeof toTasksConfig>;
  security: ReturnType<typeof toSecurityConfig>;
  schedules: ReturnType<typeof toSchedulesConfig>;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AllConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  let mcp: ReturnType<typeof toMcpConfig>;
  try {
    mcp = toMcpConfig(e);
  } catch (error) {
    throw new ConfigValidationError([(error as Error).message]);
  }
  return {
    app: toAppConfig(e),
    redis: toRedisConfig(e),
    llm: toLlmConfig(e),
    mcp,
    auth: toAuthConfig(e),
    tasks: toTasksConfig(e),
    security: toSecurityConfig(e),
    schedules: toSchedulesConfig(e),
  };
}
