/**
 * Owns the decision "is this text SQL or a question in plain language?" for the database
 * endpoint. PostgreSQL's own parser decides first; when it cannot parse the text, the opening
 * word and SQL punctuation decide whether the caller meant SQL (answer 400 with the parser's
 * position) or asked in natural language (hand it to the agent).
 */
import { AppError, ErrorCode } from '../core/errors';
import { analyseSqlShape, SqlFeature, SqlSyntaxError } from '../shared/sql';

export type DatabaseQueryKind =
  | { mode: 'sql'; complex: boolean; features: SqlFeature[]; complexFeatures: SqlFeature[]; tables: string[] }
  | { mode: 'natural_language' };

/** Words that open a SQL statement and rarely open an English question on their own. */
const SQL_OPENING_WORDS = new Set([
  'select', 'with', 'insert', 'update', 'delete', 'drop', 'create', 'alter', 'truncate', 'grant',
  'revoke', 'copy', 'explain', 'values', 'call', 'do', 'merge', 'begin', 'commit', 'rollback',
  'vacuum', 'lock', 'prepare', 'execute', 'declare', 'fetch', 'set', 'reset', 'analyze', 'analyse',
  'table',
]);

/**
 * Some of those words also open English sentences ("explain why…", "do patients…", "select the
 * sickest…"), so an unparsable text counts as SQL only when it also carries a mark of SQL.
 */
const SQL_MARKS = /[*;=()']|\b(from|where|into|join|values|limit|group\s+by|order\s+by)\b|\btable\s+[\w."]+|\bset\s+\w+\s*=|\b[a-z_]\w+\.[a-z_]\w+\b/i;

// Leading comments are SQL too: `-- note\nSELECT …` and `/* … */ SELECT …`.
const LEADING_NOISE = /^(\s+|;|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)+/;

export function firstWord(text: string): string {
  return /^[A-Za-z_]+/.exec(text.replace(LEADING_NOISE, ''))?.[0].toLowerCase() ?? '';
}

/** True when an unparsable text was nonetheless meant as SQL. */
export function meantAsSql(text: string): boolean {
  const word = firstWord(text);
  if (!SQL_OPENING_WORDS.has(word)) return false;
  return SQL_MARKS.test(text);
}

export async function classifyDatabaseQuery(text: string): Promise<DatabaseQueryKind> {
  if (text.replace(LEADING_NOISE, '').length === 0) {
    throw new AppError(ErrorCode.ValidationFailed, 'The query contains no SQL statement and no question');
  }
  try {
    const shape = await analyseSqlShape(text);
    return { mode: 'sql', complex: shape.complex, features: shape.features, complexFeatures: shape.complexFeatures, tables: shape.tables };
  } catch (error) {
    if (!(error instanceof SqlSyntaxError)) throw error;
    if (!meantAsSql(text)) return { mode: 'natural_language' };
    throw sqlSyntaxError(error);
  }
}

export function sqlSyntaxError(error: SqlSyntaxError): AppError {
  const where = error.line === undefined ? '' : ` at line ${error.line}, column ${error.column}`;
  return new AppError(ErrorCode.ValidationFailed, `The SQL does not parse${where}: ${error.message}`, {
    details: { reason: 'sql_syntax_error', message: error.message, position: error.position, line: error.line, column: error.column },
  });
}
