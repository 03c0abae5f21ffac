/**
 * Owns the one entry into the real PostgreSQL parser (libpg-query, WASM): loading the module once
 * per process, parsing, and turning the parser's errors into SqlSyntaxError with a position that
 * indexes the caller's string. Everything else in shared/sql works on the raw AST returned here.
 */
import { loadModule, parseSync, scanSync } from 'libpg-query';
import { SqlSourcePositions } from './sql-source-position';

export interface ParsedSql {
  /** Raw statements as libpg-query returns them: `{ stmt: { SelectStmt: {...} }, stmt_location?, stmt_len? }`. */
  statements: unknown[];
  statementCount: number;
}

/** A statement with the parser's byte offsets, for modules that need to point back into the text. */
export interface RawStatement {
  stmt: Record<string, unknown>;
  /** UTF-8 byte offset where the statement's text starts (absent means 0). */
  stmt_location?: number;
  /** UTF-8 byte length (absent means "to the end of the text"). */
  stmt_len?: number;
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based string index of the error, when the parser gives one. */
    readonly position?: number,
    /** 1-based, when position is known. */
    readonly line?: number,
    /** 1-based, when position is known. */
    readonly column?: number,
  ) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

// The module compiles once per process; every caller awaits the same promise.
let ready: Promise<void> | undefined;

export function loadSqlParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

export async function parseSql(sql: string): Promise<ParsedSql> {
  await loadSqlParser();
  const statements = parseLoaded(sql);
  return { statements, statementCount: statements.length };
}

/** Parses after loadSqlParser() has resolved; internal to shared/sql so hot paths skip a microtask. */
export function parseLoaded(sql: string): RawStatement[] {
  if (typeof sql !== 'string') throw new SqlSyntaxError('SQL must be a string');
  // The parser reads a C string: text after a NUL would be invisible to it but not to a server.
  const nul = sql.indexOf('\0');
  if (nul >= 0) throw syntaxErrorAt(sql, 'SQL contains a NUL character', nul);
  // libpg-query refuses '' outright; a blank text is simply no statements, like a lone comment.
  if (sql.length === 0) return [];
  try {
    return parseSync(sql).stmts as unknown as RawStatement[];
  } catch (error) {
    throw toSyntaxError(sql, error);
  }
}

/** Scanner tokens with byte offsets; used to find where a statement's first real token begins. */
export interface SqlToken {
  start: number;
  end: number;
  tokenName: string;
}

export function scanLoaded(sql: string): SqlToken[] {
  if (sql.length === 0) return [];
  return scanSync(sql).tokens;
}

export function isCommentToken(token: SqlToken): boolean {
  return token.tokenName === 'SQL_COMMENT' || token.tokenName === 'C_COMMENT';
}

function toSyntaxError(sql: string, error: unknown): SqlSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const details = (error as { sqlDetails?: { cursorPosition?: number } } | null)?.sqlDetails;
  if (details?.cursorPosition === undefined || details.cursorPosition < 0) {
    return new SqlSyntaxError(message);
  }
  const positions = new SqlSourcePositions(sql);
  return syntaxErrorAt(sql, message, positions.indexOfCodePoint(details.cursorPosition), positions);
}

function syntaxErrorAt(
  sql: string,
  message: string,
  index: number,
  positions = new SqlSourcePositions(sql),
): SqlSyntaxError {
  const { line, column } = positions.lineColumnOf(index);
  return new SqlSyntaxError(message, index, line, column);
}
