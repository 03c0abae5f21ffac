/**
 * The embedded PGlite engine (one WASM PostgreSQL in this process). PGlite has one connection:
 * its transaction() holds an exclusive lock, so concurrent tool calls queue instead of
 * interleaving. Roles are switched with SET LOCAL ROLE (the gate refuses SET, so a caller cannot
 * switch back). Not supported by PGlite: statement_timeout / lock_timeout never fire (no timer
 * signals in WASM) and a running statement cannot be cancelled; the executor reports a result
 * that arrives after its deadline as a timeout instead (read-only-query.ts).
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { ToolError, ToolErrorCode } from '../tools/tool-definition';
import {
  ROLE_NAMES, loadTypeNames, timeoutSettings,
  type EngineResult, type SqlEngine, type SqlSession, type TransactionOptions,
} from './sql-engine';

export class PgliteSqlEngine implements SqlEngine {
  readonly kind = 'pglite' as const;
  readonly cutsLongStatements = false;
  private typeNames?: Promise<Map<number, string>>;

  constructor(
    readonly name: string,
    private readonly db: PGlite,
  ) {}

  async transaction<T>(options: TransactionOptions, fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const checkSignal = (): void => {
      if (options.signal?.aborted) throw new ToolError(ToolErrorCode.Timeout, 'Cancelled');
    };
    checkSignal();
    return this.db.transaction(async (tx: Transaction) => {
      // Must be the first statement of the transaction to take effect.
      if (options.readOnly) await tx.exec('SET TRANSACTION READ ONLY');
      await tx.exec(`SET LOCAL ROLE ${ROLE_NAMES[options.role]}; ${timeoutSettings(options.statementTimeoutMs, options.role)}`);
      const session: SqlSession = {
        query: async (sql, params): Promise<EngineResult> => {
          checkSignal();
          const result = await tx.query<unknown[]>(sql, [...(params ?? [])], { rowMode: 'array' });
          return { fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows: result.rows };
        },
      };
      const result = await fn(session);
      if (options.readOnly) await tx.rollback();
      return result;
    });
  }

  async typeName(typeId: number): Promise<string> {
    this.typeNames ??= loadTypeNames(this);
    return (await this.typeNames).get(typeId) ?? `oid:${typeId}`;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
