/**
 * The statement fingerprint the audit log records: libpg-query's fingerprint (a hash of the parse
 * tree with constants and names of aliases normalised away), so the same query with other
 * literals gets the same value and no literal, which could be a patient's value, is stored.
 */
import { fingerprintSync } from 'libpg-query';
import { loadSqlParser } from './sql-parser';

/** Undefined when the text does not parse (the gate's refusal says why). */
export async function fingerprintSql(sql: string): Promise<string | undefined> {
  await loadSqlParser();
  try {
    return fingerprintSync(sql);
  } catch {
    return undefined;
  }
}
