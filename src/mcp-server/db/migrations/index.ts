/**
 * The ordered migration list. Migrations are TypeScript strings rather than .sql files so that
 * `nest build` ships them in dist/ without an asset-copy step. Ids are never renumbered: the
 * schema_migrations table records them.
 */
import { medcorSchema } from './001-medcor-schema';
import { auditLog } from './002-audit-log';
import { reportingSchema } from './003-reporting-schema';
import { auditIdempotency } from './004-audit-idempotency';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: '001-medcor-schema', sql: medcorSchema },
  { id: 2, name: '002-audit-log', sql: auditLog },
  { id: 3, name: '003-reporting-schema', sql: reportingSchema },
  { id: 4, name: '004-audit-idempotency', sql: auditIdempotency },
];
