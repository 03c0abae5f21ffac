/**
 * Owns the read-only SQL gate: decides, from the PostgreSQL parse tree and never from the text,
 * whether a query may run. Allowed is exactly one SELECT (WITH, VALUES, TABLE included) or an
 * EXPLAIN of one; the whole tree is walked (subqueries, CTEs, function arguments, LATERAL) for
 * writes hidden inside, row locks, SELECT INTO and forbidden functions (sql-function-policy.ts).
 * It is a first line of defence: executors still run in a READ ONLY transaction with a timeout.
 */
import { AstBody, constantNumber, constantString, functionNameParts, isNonEmptyList, relationName, statementType, walkAst, wrappedNode } from './sql-ast';
import { forbiddenFunctionReason, isExplicitlyAllowed, PG_SLEEP, policyName } from './sql-function-policy';
import { GateRule, refusalForStatement } from './sql-gate-rule';
import { sessionFunctionReason, sessionRelationReason, settingReason } from './sql-session-policy';
import { isCommentToken, loadSqlParser, parseLoaded, RawStatement, scanLoaded, SqlSyntaxError } from './sql-parser';
import { SqlSourcePositions } from './sql-source-position';

export { GateRule } from './sql-gate-rule';

export interface SqlGateOptions {
  /** Longest accepted text, in characters, checked before parsing. Default 50 000. */
  maxLength?: number;
  /** pg_sleep is allowed only with a constant argument up to this many seconds. Default 1. */
  maxSleepSeconds?: number;
  /** Functions exempt from the deny-list, bare (`nextval`) or qualified; case-insensitive. */
  allowedFunctions?: readonly string[];
  /** Refuse tables in pg_catalog, information_schema, pg_toast, and unqualified `pg_*`. Default false. */
  forbidSystemCatalogs?: boolean;
  /** EXPLAIN ANALYZE executes its query (which must pass the gate anyway). Default true. */
  allowExplainAnalyze?: boolean;
}

export type GateResult =
  | { allowed: true; kind: 'select' | 'explain'; normalizedSql: string; tables: string[]; functions: string[] }
  | { allowed: false; reason: string; rule: GateRule };

type Refusal = Extract<GateResult, { allowed: false }>;

export const DEFAULT_MAX_SQL_LENGTH = 50_000;
export const DEFAULT_MAX_SLEEP_SECONDS = 1;
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

export async function checkReadOnlyQuery(sql: string, options: SqlGateOptions = {}): Promise<GateResult> {
  if (typeof sql !== 'string' || sql.trim().length === 0) return refuse(GateRule.Empty, 'The query is empty.');
  const maxLength = options.maxLength ?? DEFAULT_MAX_SQL_LENGTH;
  if (sql.length > maxLength) {
    return refuse(GateRule.TooLong, `The query is ${sql.length} characters long; the limit is ${maxLength}.`);
  }
  await loadSqlParser();
  let statements: RawStatement[];
  try {
    statements = parseLoaded(sql);
  } catch (error) {
    if (!(error instanceof SqlSyntaxError)) throw error;
    const where = error.line === undefined ? '' : ` (line ${error.line}, column ${error.column})`;
    return refuse(GateRule.SyntaxError, `The query does not parse: ${error.message}${where}.`);
  }
  if (statements.length === 0) return refuse(GateRule.Empty, 'The query contains no statement.');
  if (statements.length > 1) {
    return refuse(
      GateRule.MultipleStatements,
      `Exactly one statement is allowed; found ${statements.length}.`,
    );
  }
  const root = statements[0].stmt;
  const top = checkTopLevel(root, options);
  if ('allowed' in top) return top;
  const inspection = inspectTree(root, options);
  if (inspection.refusal) return inspection.refusal;
  return {
    allowed: true,
    kind: top.kind,
    normalizedSql: statementText(sql),
    tables: inspection.tables,
    functions: inspection.functions,
  };
}

function checkTopLevel(root: unknown, options: SqlGateOptions): Refusal | { kind: 'select' | 'explain' } {
  const type = statementType(root);
  if (type === 'SelectStmt') return { kind: 'select' };
  if (type !== 'ExplainStmt') return refuseStatement(type, '');
  const explain = wrappedNode(root)?.body as AstBody;
  // PostgreSQL names the option 'analyze' whichever way it was spelt (ANALYZE or ANALYSE).
  const runsQuery = Array.isArray(explain.options) && explain.options.some((option) => {
    const name = wrappedNode(option)?.body.defname;
    return typeof name === 'string' && name.toLowerCase() === 'analyze';
  });
  const innerType = statementType(explain.query);
  if (innerType !== 'SelectStmt') return refuseStatement(innerType, runsQuery ? 'EXPLAIN ANALYZE of ' : 'EXPLAIN of ');
  if (runsQuery && options.allowExplainAnalyze === false) {
    return refuse(GateRule.ExplainAnalyze, 'EXPLAIN ANALYZE is not allowed here; use EXPLAIN.');
  }
  return { kind: 'explain' };
}

function refuseStatement(type: string, prefix: string): Refusal {
  const { rule, what } = refusalForStatement(type);
  return refuse(rule, `${prefix}${what} is not allowed: only a single read-only SELECT may run.`);
}

interface Inspection {
  refusal?: Refusal;
  tables: string[];
  functions: string[];
}

interface SleepCall {
  seconds: number | undefined;
  argCount: number;
}

function inspectTree(root: unknown, options: SqlGateOptions): Inspection {
  const allowed = new Set((options.allowedFunctions ?? []).map((name) => name.toLowerCase()));
  const tables: string[] = [];
  const functions: string[] = [];
  const cteNames = new Set<string>();
  const sleeps: SleepCall[] = [];
  let otherCalls = 0;
  let hasRowSource = false;
  let refusal: Refusal | undefined;
  const fail = (rule: GateRule, reason: string): void => {
    refusal ??= refuse(rule, reason);
  };

  walkAst(root, (type, body, parentKey) => {
    switch (type) {
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt': {
        const what = refusalForStatement(type).what;
        if (parentKey === 'ctequery') fail(GateRule.DataModifyingCte, `A data-modifying WITH (${what}) is not allowed.`);
        else fail(GateRule.DataModification, `${what} is not allowed inside a query.`);
        break;
      }
      case 'SelectStmt':
        if (body.intoClause) fail(GateRule.SelectInto, 'SELECT … INTO creates a table and is not allowed.');
        if (isNonEmptyList(body.lockingClause)) {
          fail(GateRule.LockingClause, 'Row locks (FOR UPDATE/SHARE/NO KEY UPDATE/KEY SHARE) are not allowed.');
        }
        if (isNonEmptyList(body.fromClause) || (Array.isArray(body.valuesLists) && body.valuesLists.length > 1)) {
          hasRowSource = true;
        }
        break;
      case 'CommonTableExpr':
        if (typeof body.ctename === 'string') cteNames.add(body.ctename);
        break;
      case 'RangeVar': {
        const name = relationName(body);
        if (name && !tables.includes(name)) tables.push(name);
        if (options.forbidSystemCatalogs && isSystemRelation(body)) {
          fail(GateRule.ForbiddenSchema, `System catalogs are not allowed here (${name}).`);
        }
        const sessionReason = typeof body.relname === 'string' ? sessionRelationReason(body.schemaname as string | undefined, body.relname) : undefined;
        if (sessionReason) fail(GateRule.OtherSessions, `Refused: ${sessionReason}.`);
        break;
      }
      case 'FuncCall': {
        const parts = functionNameParts(body);
        const qualified = parts.join('.');
        if (!functions.includes(qualified)) functions.push(qualified);
        // Never exempt through allowedFunctions: these show other sessions whatever the caller.
        const sessionReason = sessionFunctionReason(policyName(parts)) ??
          (policyName(parts) === 'current_setting' ? settingReason(constantString(Array.isArray(body.args) ? body.args[0] : undefined)) : undefined);
        if (sessionReason) {
          fail(GateRule.OtherSessions, `Function ${qualified}() is not allowed: it ${sessionReason}.`);
          break;
        }
        if (isExplicitlyAllowed(parts, allowed)) {
          otherCalls += 1;
          break;
        }
        if (policyName(parts) === PG_SLEEP) {
          const args = Array.isArray(body.args) ? body.args : [];
          sleeps.push({ seconds: args.length === 1 ? constantNumber(args[0]) : undefined, argCount: args.length });
          break;
        }
        otherCalls += 1;
        const reason = forbiddenFunctionReason(parts);
        if (reason) fail(GateRule.ForbiddenFunction, `Function ${qualified}() is not allowed: it ${reason}.`);
        break;
      }
    }
  });

  if (!refusal && sleeps.length > 0) refusal = checkSleeps(sleeps, otherCalls, hasRowSource, options);
  const visibleTables = tables.filter((name) => !cteNames.has(name));
  return { refusal, tables: visibleTables, functions };
}

/**
 * pg_sleep runs once per row it is evaluated for, so a per-call bound alone is no bound: it is
 * allowed only where it runs once (no FROM, no multi-row VALUES, no other function that could
 * return a set) and the constants add up to at most maxSleepSeconds.
 */
function checkSleeps(sleeps: SleepCall[], otherCalls: number, hasRowSource: boolean, options: SqlGateOptions): Refusal | undefined {
  const max = options.maxSleepSeconds ?? DEFAULT_MAX_SLEEP_SECONDS;
  if (sleeps.some((call) => call.seconds === undefined)) {
    return refuse(GateRule.PgSleepBound, 'pg_sleep() is allowed only with one constant number of seconds.');
  }
  const total = sleeps.reduce((sum, call) => sum + Math.max(0, call.seconds ?? 0), 0);
  if (total > max) return refuse(GateRule.PgSleepBound, `pg_sleep() may sleep at most ${max} s in total; asked ${total} s.`);
  if (hasRowSource || otherCalls > 0) {
    return refuse(GateRule.PgSleepBound, 'pg_sleep() is allowed only on its own, in a query without FROM or other function calls.');
  }
  return undefined;
}

function isSystemRelation(rangeVar: AstBody): boolean {
  const schema = typeof rangeVar.schemaname === 'string' ? rangeVar.schemaname.toLowerCase() : undefined;
  if (schema !== undefined) return SYSTEM_SCHEMAS.has(schema) || schema.startsWith('pg_');
  // pg_catalog is searched first implicitly, so an unqualified pg_* name is a catalog.
  return typeof rangeVar.relname === 'string' && rangeVar.relname.toLowerCase().startsWith('pg_');
}

/** The one statement's text without surrounding comments, whitespace or semicolons. */
function statementText(sql: string): string {
  const tokens = scanLoaded(sql).filter((token) => !isCommentToken(token) && token.tokenName !== 'ASCII_59');
  if (tokens.length === 0) return sql.trim();
  const positions = new SqlSourcePositions(sql);
  return sql.slice(positions.indexOfByte(tokens[0].start), positions.indexOfByte(tokens[tokens.length - 1].end));
}

function refuse(rule: GateRule, reason: string): Refusal {
  return { allowed: false, reason, rule };
}
