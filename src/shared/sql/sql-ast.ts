/**
 * Owns how shared/sql reads libpg-query's JSON AST: walking every node of a tree without recursion
 * (a deeply nested query must not overflow the JS stack), and the few accessors the gate, the
 * shape analyser and the linter share (function names, relation names, constant values).
 */

export type AstBody = Record<string, unknown>;

/** Called once per typed node, in document order; `parentKey` is the field that held it. */
export type AstVisitor = (type: string, body: AstBody, parentKey: string | undefined) => void;

// Pointer-to-struct fields are serialised without the `{ Type: ... }` wrapper; these are the ones
// whose contents matter to us (set-operation arms, SELECT INTO, WITH, DML target relations).
// A Map, not an object literal: AST keys such as `constructor` must not hit Object.prototype.
const INLINE_FIELD_TYPES: ReadonlyMap<string, string> = new Map([
  ['larg', 'SelectStmt'],
  ['rarg', 'SelectStmt'],
  ['intoClause', 'IntoClause'],
  ['withClause', 'WithClause'],
  ['over', 'WindowDef'],
  ['relation', 'RangeVar'],
]);

interface Pending {
  value: unknown;
  parentKey: string | undefined;
}

export function walkAst(root: unknown, visit: AstVisitor): void {
  const stack: Pending[] = [{ value: root, parentKey: undefined }];
  while (stack.length > 0) {
    const { value, parentKey } = stack.pop() as Pending;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i], parentKey });
      continue;
    }
    const record = value as AstBody;
    const wrapped = wrappedNode(record);
    let body = record;
    if (wrapped) {
      body = wrapped.body;
      visit(wrapped.type, body, parentKey);
    } else {
      const inlineType = parentKey === undefined ? undefined : INLINE_FIELD_TYPES.get(parentKey);
      if (inlineType) visit(inlineType, body, parentKey);
    }
    const keys = Object.keys(body);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      stack.push({ value: body[keys[i]], parentKey: keys[i] });
    }
  }
}

/** `{ SelectStmt: {...} }` → its type and body; node type names are the only capitalised keys. */
export function wrappedNode(value: unknown): { type: string; body: AstBody } | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const type = keys[0];
  const first = type.charCodeAt(0);
  if (first < 65 || first > 90) return undefined;
  const body = (value as AstBody)[type];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return { type, body: body as AstBody };
}

/** The statement's node type, e.g. 'SelectStmt'. */
export function statementType(stmt: unknown): string {
  return wrappedNode(stmt)?.type ?? 'Unknown';
}

/** `funcname: [{String:{sval:'pg_catalog'}}, {String:{sval:'pg_sleep'}}]` → ['pg_catalog','pg_sleep']. */
export function functionNameParts(funcCall: AstBody): string[] {
  return stringList(funcCall.funcname);
}

export function stringList(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const parts: string[] = [];
  for (const item of list) {
    const node = wrappedNode(item);
    if (node?.type === 'String' && typeof node.body.sval === 'string') parts.push(node.body.sval);
  }
  return parts;
}

/** A RangeVar as `schema.table` (or `catalog.schema.table`), exactly as the parser resolved it. */
export function relationName(rangeVar: AstBody): string | undefined {
  if (typeof rangeVar.relname !== 'string') return undefined;
  return [rangeVar.catalogname, rangeVar.schemaname, rangeVar.relname]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('.');
}

export function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * The numeric value of a constant argument: `1`, `0.5`, `'0.5'`, `-1`, and casts of those
 * (`0.5::float8`). Anything computed returns undefined, so callers can refuse what they cannot bound.
 */
export function constantNumber(node: unknown): number | undefined {
  const wrapped = wrappedNode(node);
  if (!wrapped) return undefined;
  if (wrapped.type === 'TypeCast') return constantNumber(wrapped.body.arg);
  if (wrapped.type !== 'A_Const') return undefined;
  const { ival, fval, sval } = wrapped.body as {
    ival?: { ival?: number };
    fval?: { fval?: string };
    sval?: { sval?: string };
  };
  let value: number | undefined;
  // An A_Const with an empty `ival` object is the integer 0 (zero fields are omitted in the JSON).
  if (ival) value = ival.ival ?? 0;
  else if (fval?.fval !== undefined) value = Number(fval.fval);
  else if (sval?.sval !== undefined && sval.sval.trim() !== '') value = Number(sval.sval);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The text of a constant string argument (`'x'`, `'x'::text`); undefined when computed. */
export function constantString(node: unknown): string | undefined {
  const wrapped = wrappedNode(node);
  if (!wrapped) return undefined;
  if (wrapped.type === 'TypeCast') return constantString(wrapped.body.arg);
  if (wrapped.type !== 'A_Const') return undefined;
  return (wrapped.body as { sval?: { sval?: string } }).sval?.sval;
}
