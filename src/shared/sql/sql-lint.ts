/**
 * Owns the SQL findings of the code-analysis tool: a syntax error with its exact line and column,
 * or, per statement, risky patterns read from the parse tree (unbounded DELETE/UPDATE, DROP,
 * TRUNCATE, GRANT/REVOKE, SELECT *...). Positions come from the parser's byte locations, mapped
 * back to the text, so they stay right with non-ASCII text and several statements per file.
 */
import { AstBody, isNonEmptyList, statementType, walkAst, wrappedNode } from './sql-ast';
import { isCommentToken, loadSqlParser, parseLoaded, RawStatement, scanLoaded, SqlSyntaxError, SqlToken } from './sql-parser';
import { SqlSourcePositions } from './sql-source-position';

export interface SqlFinding {
  tool: 'pg-parser';
  rule: string;
  severity: 'error' | 'warning' | 'info';
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  message: string;
  suggestion?: string;
}

type Draft = Omit<SqlFinding, 'tool' | 'line' | 'column'> & { index: number };

export async function lintSql(sql: string): Promise<SqlFinding[]> {
  await loadSqlParser();
  let statements: RawStatement[];
  try {
    statements = parseLoaded(sql);
  } catch (error) {
    if (!(error instanceof SqlSyntaxError)) throw error;
    return [
      {
        tool: 'pg-parser',
        rule: 'syntax-error',
        severity: 'error',
        line: error.line ?? 1,
        column: error.column ?? 1,
        message: error.message,
      },
    ];
  }
  if (statements.length === 0) return [];
  const positions = new SqlSourcePositions(sql);
  const tokenStarts = scanLoaded(sql)
    .filter((token: SqlToken) => !isCommentToken(token) && token.tokenName !== 'ASCII_59')
    .map((token) => token.start);
  const drafts: Draft[] = [];
  for (const statement of statements) {
    const start = positions.indexOfByte(firstTokenAtOrAfter(tokenStarts, statement.stmt_location ?? 0));
    lintStatement(statement.stmt, start, positions, drafts);
  }
  return drafts
    .map(({ index, ...rest }) => ({ tool: 'pg-parser' as const, ...positions.lineColumnOf(index), ...rest }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** stmt_location points just after the previous `;`; the statement really starts at its first token. */
function firstTokenAtOrAfter(starts: number[], byteOffset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] < byteOffset) low = mid + 1;
    else high = mid;
  }
  return low < starts.length ? starts[low] : byteOffset;
}

function lintStatement(stmt: unknown, start: number, positions: SqlSourcePositions, out: Draft[]): void {
  const type = statementType(stmt);
  const body = wrappedNode(stmt)?.body ?? {};
  const add = (draft: Omit<Draft, 'index'>, index = start): void => {
    out.push({ ...draft, index });
  };
  switch (type) {
    case 'DeleteStmt':
      if (!body.whereClause) {
        add({
          rule: 'delete-without-where',
          severity: 'warning',
          message: 'DELETE without WHERE removes every row of the table.',
          suggestion: 'Add a WHERE clause, or use TRUNCATE if emptying the table is intended.',
        });
      }
      break;
    case 'UpdateStmt':
      if (!body.whereClause) {
        add({
          rule: 'update-without-where',
          severity: 'warning',
          message: 'UPDATE without WHERE changes every row of the table.',
          suggestion: 'Add a WHERE clause that limits the rows to change.',
        });
      }
      break;
    case 'DropStmt':
      add({
        rule: 'drop-statement',
        severity: 'warning',
        message: `DROP ${objectKind(body.removeType)} destroys the object and its data.`,
        ...(body.missing_ok ? {} : { suggestion: 'Use DROP … IF EXISTS in migrations, and make sure a backup exists.' }),
      });
      break;
    case 'TruncateStmt':
      add({ rule: 'truncate', severity: 'warning', message: 'TRUNCATE removes every row and cannot be filtered.' });
      break;
    case 'GrantStmt':
    case 'GrantRoleStmt':
      add({
        rule: body.is_grant ? 'grant' : 'revoke',
        severity: 'warning',
        message: `${body.is_grant ? 'GRANT' : 'REVOKE'} changes privileges; review who gains or loses access.`,
      });
      break;
    case 'AlterTableStmt':
      if (Array.isArray(body.cmds) && body.cmds.some((cmd) => wrappedNode(cmd)?.body.subtype === 'AT_DropColumn')) {
        add({ rule: 'alter-table-drop-column', severity: 'warning', message: 'ALTER TABLE … DROP COLUMN destroys the column\'s data.' });
      }
      break;
    case 'CopyStmt':
      if (typeof body.filename === 'string' || body.is_program) {
        add({
          rule: 'copy-server-file',
          severity: 'warning',
          message: 'COPY with a server file or program runs with the server\'s file-system access.',
          suggestion: 'Use COPY … FROM STDIN / TO STDOUT (psql \\copy) instead.',
        });
      }
      break;
    case 'InsertStmt':
      if (!isNonEmptyList(body.cols)) {
        add({
          rule: 'insert-without-columns',
          severity: 'info',
          message: 'INSERT without a column list breaks when the table\'s columns change.',
          suggestion: 'Name the target columns: INSERT INTO t (a, b) …',
        });
      }
      break;
  }
  lintSelectStars(stmt, start, positions, out);
}

function lintSelectStars(stmt: unknown, start: number, positions: SqlSourcePositions, out: Draft[]): void {
  // `EXISTS (SELECT * …)` is idiomatic: the select list is never read.
  const existsSubqueries = new Set<unknown>();
  walkAst(stmt, (type, body) => {
    if (type === 'SubLink' && body.subLinkType === 'EXISTS_SUBLINK') existsSubqueries.add(wrappedNode(body.subselect)?.body);
    if (type !== 'SelectStmt' || existsSubqueries.has(body) || !Array.isArray(body.targetList)) return;
    for (const target of body.targetList) {
      const star = starLocation(wrappedNode(target)?.body);
      if (star === undefined) continue;
      out.push({
        rule: 'select-star',
        severity: 'info',
        message: 'SELECT * returns every column, including ones added later.',
        suggestion: 'List the columns the code reads.',
        index: star >= 0 ? positions.indexOfByte(star) : start,
      });
    }
  });
}

/** The byte location of a `*` or `t.*` select item, -1 when it has none (TABLE t). */
function starLocation(resTarget: AstBody | undefined): number | undefined {
  const ref = wrappedNode(resTarget?.val);
  if (ref?.type !== 'ColumnRef' || !Array.isArray(ref.body.fields)) return undefined;
  const fields = ref.body.fields;
  if (wrappedNode(fields[fields.length - 1])?.type !== 'A_Star') return undefined;
  return typeof ref.body.location === 'number' ? ref.body.location : -1;
}

function objectKind(removeType: unknown): string {
  if (typeof removeType !== 'string') return 'statement';
  return removeType.startsWith('OBJECT_') ? removeType.slice('OBJECT_'.length).replaceAll('_', ' ') : removeType;
}
