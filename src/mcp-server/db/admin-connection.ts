/**
 * The privileged connection that setup uses (migrations, roles, demo data). It is never handed
 * to a tool: tools only see SqlEngine, which runs as the least-privilege roles.
 */
import type { Client } from 'pg';
import type { PGlite } from '@electric-sql/pglite';

export interface AdminConnection {
  /** Simple protocol: may hold several statements we wrote ourselves. */
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Bulk load, where the engine has a way to feed COPY (PGlite: `COPY … FROM '/dev/blob'`):
   * `sql` is the COPY statement, `data` its input in COPY's text format.
   */
  copy?(sql: string, data: string): Promise<void>;
}

export function pgAdmin(client: Client): AdminConnection {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    rows: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
  };
}

export function pgliteAdmin(db: PGlite): AdminConnection {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    rows: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
