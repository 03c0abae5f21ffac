/**
 * What callers of the SQL tools are told when PostgreSQL's grants stop them (SQLSTATE 42501):
 * the analyst role has no privilege on the identified `medcor` tables nor on the catalog views
 * that show other sessions, whatever the SQL gate let through.
 */
import { ToolError, ToolErrorCode } from '../tools/tool-definition';

export const REPORTING_SCHEMA = 'reporting';
export const IDENTIFIED_SCHEMAS = ['medcor', 'medcor_private', 'medcor_audit'];
export const IDENTIFIED_REFUSAL =
  'patient tables are only reachable through the de-identified reporting schema: query them unqualified ' +
  '(e.g. SELECT … FROM patients) or as reporting.<table>; see list_tables';

export function permissionDenied(message: string): ToolError {
  const identified = IDENTIFIED_SCHEMAS.some((schema) => new RegExp(`\\b(schema|table|relation) "?${schema}\\b`).test(message));
  return identified
    ? new ToolError(ToolErrorCode.Forbidden, `Refused: ${IDENTIFIED_REFUSAL}.`, { sqlstate: '42501' })
    : new ToolError(ToolErrorCode.Forbidden, `The database refused: ${message}`, { sqlstate: '42501' });
}
