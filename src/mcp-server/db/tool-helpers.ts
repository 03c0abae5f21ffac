/**
 * Small pieces the database and patient tools share: picking the engine for a `database`
 * argument, running our own fixed (parameterised) SQL as a role, and rendering a text table for
 * the model to read.
 */
import { z } from 'zod';
import type { DatabaseRegistry } from './database-registry';
import type { EngineRole, SqlEngine } from './sql-engine';
import { toToolError } from './read-only-query';

export const databaseArg = z
  .string()
  .min(1)
  .max(63)
  .optional()
  .describe('Database name (see list_tables); the default database when omitted');

export function engineFor(registry: DatabaseRegistry, database?: string): { engine: SqlEngine; database: string } {
  const name = database ?? registry.defaultName;
  return { engine: registry.get(name), database: name };
}

/**
 * Runs statements we wrote (never caller SQL, which only runReadOnlyQuery may run) in one
 * transaction as `role`, returning each result's rows as objects.
 */
export async function runOwnSql<T extends unknown[]>(
  engine: SqlEngine,
  role: EngineRole,
  options: { readOnly: boolean; statementTimeoutMs: number; signal?: AbortSignal },
  statements: Array<{ sql: string; params?: unknown[] }>,
): Promise<{ [K in keyof T]: Array<Record<string, unknown>> }> {
  try {
    return (await engine.transaction({ role, ...options }, async (session) => {
      const results: Array<Array<Record<string, unknown>>> = [];
      for (const statement of statements) {
        const result = await session.query(statement.sql, statement.params);
        results.push(result.rows.map((row) => Object.fromEntries(result.fields.map((f, i) => [f.name, row[i]]))));
      }
      return results;
    })) as { [K in keyof T]: Array<Record<string, unknown>> };
  } catch (error) {
    throw toToolError(error, options.statementTimeoutMs, options.signal);
  }
}


/** Where a tool's text table says the rest of the rows are. */
export const MORE_ROWS = '(see structured content)';
