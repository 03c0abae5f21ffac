/**
 * Owns the structural reading of a query that the dispatcher routes on: which features it uses
 * and whether that makes it "complex" (worth a background job). One parse and one walk per call;
 * the WASM parser is loaded once per process, so this stays cheap on the request path.
 */
import { AstBody, functionNameParts, isNonEmptyList, relationName, walkAst } from './sql-ast';
import { policyName } from './sql-function-policy';
import { loadSqlParser, parseLoaded } from './sql-parser';

/** Values may be logged and compared by callers: never rename one. */
export enum SqlFeature {
  Join = 'join',
  GroupBy = 'group_by',
  Having = 'having',
  Subquery = 'subquery',
  Cte = 'cte',
  SetOperation = 'set_operation',
  WindowFunction = 'window_function',
  Aggregate = 'aggregate',
  MultipleTables = 'multiple_tables',
  MultipleStatements = 'multiple_statements',
  /** Not complex: sorting one table's rows is a simple query. */
  OrderBy = 'order_by',
  /** Not complex: like ORDER BY it is one pass over one relation's rows. */
  Distinct = 'distinct',
}

export interface SqlShape {
  complex: boolean;
  /** In SqlFeature declaration order, each once. */
  features: SqlFeature[];
  /** The features that make it complex (empty for a simple query): what routing reports. */
  complexFeatures: SqlFeature[];
  /** Relations referenced (CTE names excluded), as `schema.table` when qualified. */
  tables: string[];
}

const COMPLEX_FEATURES: ReadonlySet<SqlFeature> = new Set([
  SqlFeature.Join,
  SqlFeature.GroupBy,
  SqlFeature.Having,
  SqlFeature.Subquery,
  SqlFeature.Cte,
  SqlFeature.SetOperation,
  SqlFeature.WindowFunction,
  SqlFeature.Aggregate,
  SqlFeature.MultipleTables,
  SqlFeature.MultipleStatements,
]);

// Built-in aggregates; a call with `*`, DISTINCT, ORDER BY, FILTER or WITHIN GROUP is one too.
const AGGREGATES: ReadonlySet<string> = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'bool_and', 'bool_or', 'every',
  'bit_and', 'bit_or', 'bit_xor', 'json_agg', 'jsonb_agg', 'json_agg_strict', 'jsonb_agg_strict',
  'json_object_agg', 'jsonb_object_agg', 'json_object_agg_strict', 'jsonb_object_agg_strict',
  'json_object_agg_unique', 'jsonb_object_agg_unique', 'xmlagg', 'stddev', 'stddev_pop',
  'stddev_samp', 'variance', 'var_pop', 'var_samp', 'covar_pop', 'covar_samp', 'corr',
  'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx',
  'regr_sxy', 'regr_syy', 'percentile_cont', 'percentile_disc', 'mode', 'range_agg',
  'range_intersect_agg', 'any_value',
]);

export async function analyseSqlShape(sql: string): Promise<SqlShape> {
  await loadSqlParser();
  const statements = parseLoaded(sql);
  const found = new Set<SqlFeature>();
  const tables: string[] = [];
  const cteNames = new Set<string>();
  if (statements.length > 1) found.add(SqlFeature.MultipleStatements);

  walkAst(
    statements.map((statement) => statement.stmt),
    (type, body) => {
      switch (type) {
        case 'SelectStmt':
        case 'UpdateStmt':
        case 'DeleteStmt':
          readClauses(body, found);
          break;
        case 'JoinExpr':
          found.add(SqlFeature.Join);
          break;
        case 'SubLink':
        case 'RangeSubselect':
          found.add(SqlFeature.Subquery);
          break;
        case 'CommonTableExpr':
          if (typeof body.ctename === 'string') cteNames.add(body.ctename);
          break;
        case 'GroupingFunc':
          found.add(SqlFeature.GroupBy);
          break;
        case 'JsonObjectAgg':
        case 'JsonArrayAgg':
          // SQL/JSON aggregates keep OVER inside their `constructor` field.
          found.add(ownField(ownField(body, 'constructor'), 'over') ? SqlFeature.WindowFunction : SqlFeature.Aggregate);
          break;
        case 'FuncCall':
          readCall(body, found);
          break;
        case 'RangeVar': {
          const name = relationName(body);
          if (name && !tables.includes(name)) tables.push(name);
          break;
        }
      }
    },
  );

  const visibleTables = tables.filter((name) => !cteNames.has(name));
  if (visibleTables.length > 1) found.add(SqlFeature.MultipleTables);
  const features = Object.values(SqlFeature).filter((feature) => found.has(feature));
  const complexFeatures = features.filter((feature) => COMPLEX_FEATURES.has(feature));
  return {
    complex: complexFeatures.length > 0,
    features,
    complexFeatures,
    tables: visibleTables,
  };
}

function readClauses(body: AstBody, found: Set<SqlFeature>): void {
  // A comma-separated FROM (or UPDATE … FROM, DELETE … USING) is a join written without JOIN.
  if ((Array.isArray(body.fromClause) && body.fromClause.length > 1) || isNonEmptyList(body.usingClause)) {
    found.add(SqlFeature.Join);
  }
  if (isNonEmptyList(body.groupClause)) found.add(SqlFeature.GroupBy);
  if (body.havingClause) found.add(SqlFeature.Having);
  if (body.withClause) found.add(SqlFeature.Cte);
  if (body.op !== undefined && body.op !== 'SETOP_NONE') found.add(SqlFeature.SetOperation);
  if (isNonEmptyList(body.windowClause)) found.add(SqlFeature.WindowFunction);
  if (isNonEmptyList(body.sortClause)) found.add(SqlFeature.OrderBy);
  if (isNonEmptyList(body.distinctClause)) found.add(SqlFeature.Distinct);
}

function readCall(call: AstBody, found: Set<SqlFeature>): void {
  if (call.over) {
    found.add(SqlFeature.WindowFunction);
    return;
  }
  const aggregateSyntax =
    call.agg_star === true ||
    call.agg_distinct === true ||
    call.agg_within_group === true ||
    call.agg_filter !== undefined ||
    isNonEmptyList(call.agg_order);
  if (aggregateSyntax || AGGREGATES.has(policyName(functionNameParts(call)))) found.add(SqlFeature.Aggregate);
}

/** Reads a field only if the node has it: `constructor` is also a property of every object. */
function ownField(body: unknown, key: string): unknown {
  if (body === null || typeof body !== 'object' || !Object.hasOwn(body, key)) return undefined;
  return (body as AstBody)[key];
}
