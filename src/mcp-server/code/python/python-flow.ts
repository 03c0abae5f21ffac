/**
 * Owns the data-flow questions asked of Python syntax nodes, the Python twin of vuln-rules/taint.ts:
 * is request input reaching this expression (Flask/Django/FastAPI request objects, input(),
 * sys.argv, parameters named like input), is it a string built at run time, is it constant.
 * Names are followed through assignments inside the enclosing function (or module) only.
 */
import type { Node } from 'web-tree-sitter';

const REQUEST_PARTS = /^(args|form|values|json|data|files|cookies|headers|GET|POST|body|query_params|path_params|get_json|get_data|FILES|COOKIES|META|params|query|url)$/;
const INPUT_PARAMS =
  /^(user_?input|untrusted\w*|payload|user(name|_?id|_?url|_?path|_?query)?|search(_?term)?|term|q|query|filter|target|next|redirect_?url|return_?to|url|uri|host|file(name|_?path)?|path|cmd|command|expr(ession)?|code|script|template|data|body|params|raw|serialized|blob|content|name|value|text)$/i;
const SANITISERS = /^(int|float|bool|quote|escape|basename|secure_filename|sanitize\w*|sanitise\w*|validate\w*|shlex_quote|quote_plus|urlencode|len)$/;
const MAX_DEPTH = 6;

export function callName(call: Node): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? '';
  return fn.text;
}

/** `hashlib` for `hashlib.md5`, `subprocess` for `subprocess.run`, '' for a bare name. */
export function callOwner(call: Node): string {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? (fn.childForFieldName('object')?.text ?? '') : '';
}

export function positional(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'keyword_argument' && n.type !== 'comment');
}

export function keyword(call: Node, name: string): Node | undefined {
  const kw = (call.childForFieldName('arguments')?.namedChildren ?? []).find((n) => n?.type === 'keyword_argument' && n.childForFieldName('name')?.text === name);
  return kw?.childForFieldName('value') ?? undefined;
}

function scopeOf(node: Node): Node {
  let current = node.parent;
  while (current && current.type !== 'function_definition' && current.type !== 'module') current = current.parent;
  return current ?? node;
}

function isParameter(scope: Node, name: string): boolean {
  if (scope.type !== 'function_definition') return false;
  const params = scope.childForFieldName('parameters');
  return (params?.namedChildren ?? []).some((p) => p !== null && (p.type === 'identifier' ? p.text : p.childForFieldName('name')?.text ?? p.namedChildren[0]?.text) === name);
}

/** Per parsed tree: scope id → name → assigned values, so each scope is scanned once. */
let assignmentIndex = new Map<number, Map<string, Node[]>>();

/** Call before analysing a new tree (node ids are only unique within one tree). */
export function resetFlowIndex(): void {
  assignmentIndex = new Map();
}

/** Right-hand sides assigned to `name` in the scope (`x = …`, `x += …`, `for x in …` ignored). */
function assignedValues(scope: Node, name: string): Node[] {
  let index = assignmentIndex.get(scope.id);
  if (!index) {
    index = new Map();
    for (const assignment of scope.descendantsOfType(['assignment', 'augmented_assignment'])) {
      if (!assignment || scopeOf(assignment).id !== scope.id) continue;
      const left = assignment.childForFieldName('left')?.text;
      const right = assignment.childForFieldName('right');
      if (!left || !right) continue;
      const values = index.get(left) ?? [];
      values.push(right);
      if (assignment.type === 'augmented_assignment') values.push(assignment);
      index.set(left, values);
    }
    assignmentIndex.set(scope.id, index);
  }
  return index.get(name) ?? [];
}

function isRequestAccess(node: Node): boolean {
  let current: Node | null = node;
  const parts: string[] = [];
  while (current && (current.type === 'attribute' || current.type === 'subscript' || current.type === 'call')) {
    if (current.type === 'attribute') parts.unshift(current.childForFieldName('attribute')?.text ?? '');
    current = current.type === 'attribute' ? current.childForFieldName('object') : current.type === 'subscript' ? current.childForFieldName('value') : current.childForFieldName('function');
  }
  if (!current || current.type !== 'identifier') return false;
  if (current.text === 'sys' && parts[0] === 'argv') return true;
  return /^(request|req|self\.request)$/.test(current.text) && parts.length > 0 && REQUEST_PARTS.test(parts[0]);
}

const ROUTE_DECORATORS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket']);

/** A Flask/FastAPI view (`@app.route(...)`, `@router.get(...)`): its parameters come from the URL. */
function isRouteHandler(fn: Node): boolean {
  if (fn.parent?.type !== 'decorated_definition') return false;
  return fn.parent.namedChildren.some((decorator) => {
    const call = decorator?.type === 'decorator' ? decorator.namedChildren[0] : undefined;
    return call?.type === 'call' && ROUTE_DECORATORS.has(callName(call));
  });
}

/**
 * Request input (or, unless `requestOnly`, a parameter named like input) reaches the node.
 * File-path sinks ask for request input only, so a `read_config(path)` helper is not reported.
 */
export function tainted(node: Node | null | undefined, depth = 0, requestOnly = false): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  const next = (child: Node | null | undefined) => tainted(child, depth + 1, requestOnly);
  switch (node.type) {
    case 'identifier': {
      const scope = scopeOf(node);
      if (isParameter(scope, node.text) && (isRouteHandler(scope) || (!requestOnly && INPUT_PARAMS.test(node.text)))) return true;
      return assignedValues(scope, node.text).some(next);
    }
    case 'attribute':
    case 'subscript':
      if (isRequestAccess(node)) return true;
      return next(node.childForFieldName('object') ?? node.childForFieldName('value'));
    case 'call': {
      const name = callName(node);
      if (name === 'input' && !callOwner(node)) return true;
      if (isRequestAccess(node)) return true;
      if (SANITISERS.test(name)) return false;
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute' && next(fn.childForFieldName('object'))) return true;
      return (node.childForFieldName('arguments')?.namedChildren ?? []).some((a) => next(a?.type === 'keyword_argument' ? a.childForFieldName('value') : a));
    }
    case 'binary_operator':
      return next(node.childForFieldName('left')) || next(node.childForFieldName('right'));
    case 'augmented_assignment':
      return next(node.childForFieldName('right'));
    case 'string':
      return node.namedChildren.some((c) => c?.type === 'interpolation' && next(c.namedChildren[0]));
    case 'concatenated_string':
    case 'parenthesized_expression':
    case 'await':
    case 'list':
    case 'tuple':
    case 'boolean_operator':
    case 'conditional_expression':
      return node.namedChildren.some(next);
    default:
      return false;
  }
}

export function constant(node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  switch (node.type) {
    case 'string':
      return !node.namedChildren.some((c) => c?.type === 'interpolation');
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      return true;
    case 'concatenated_string':
    case 'parenthesized_expression':
      return node.namedChildren.every((c) => constant(c, depth + 1));
    case 'binary_operator':
      return constant(node.childForFieldName('left'), depth + 1) && constant(node.childForFieldName('right'), depth + 1);
    case 'identifier': {
      const scope = scopeOf(node);
      if (isParameter(scope, node.text)) return false;
      const values = assignedValues(scope, node.text);
      if (values.length === 0 && scope.type !== 'module') {
        const moduleValues = assignedValues(rootOf(node), node.text);
        return moduleValues.length > 0 && moduleValues.every((v) => constant(v, depth + 1));
      }
      return values.length > 0 && values.every((v) => constant(v, depth + 1));
    }
    default:
      return false;
  }
}

function rootOf(node: Node): Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

/** A string assembled at run time: f-string, % or + with non-constant parts, str.format. */
export function built(node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  switch (node.type) {
    case 'string':
      return node.namedChildren.some((c) => c?.type === 'interpolation' && !constant(c.namedChildren[0]));
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.text;
      return (op === '+' || op === '%') && !constant(node);
    }
    case 'call':
      return callName(node) === 'format' && (node.childForFieldName('arguments')?.namedChildren ?? []).some((a) => !constant(a?.type === 'keyword_argument' ? a.childForFieldName('value') : a));
    case 'identifier':
      return assignedValues(scopeOf(node), node.text).some((v) => built(v, depth + 1));
    case 'augmented_assignment':
      return !constant(node.childForFieldName('right'));
    case 'parenthesized_expression':
      return node.namedChildren.some((c) => built(c, depth + 1));
    default:
      return false;
  }
}

/** The literal parts of a string expression, to judge whether it reads like SQL. */
export function literalText(node: Node | null | undefined, depth = 0): string {
  if (!node || depth > MAX_DEPTH) return '';
  switch (node.type) {
    case 'string':
      return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c?.text).join(' ');
    case 'identifier':
      return assignedValues(scopeOf(node), node.text).map((v) => literalText(v, depth + 1)).join(' ');
    case 'call': {
      const fn = node.childForFieldName('function');
      return fn?.type === 'attribute' ? literalText(fn.childForFieldName('object'), depth + 1) : '';
    }
    default:
      return node.namedChildren.map((c) => literalText(c, depth + 1)).join(' ');
  }
}

/** The name a value is bound to (`x = …`, `x=…` keyword, `"x": …`) or the enclosing function. */
export function bindingName(node: Node): string {
  let current = node.parent;
  for (let hops = 0; current && hops < 6; hops += 1, current = current.parent) {
    if (current.type === 'assignment') return current.childForFieldName('left')?.text ?? '';
    if (current.type === 'keyword_argument') return current.childForFieldName('name')?.text ?? '';
    if (current.type === 'pair') return stringText(current.childForFieldName('key')) ?? '';
    if (current.type === 'function_definition') return current.childForFieldName('name')?.text ?? '';
  }
  return '';
}

/** The value of a plain (non-f) string literal. */
export function stringText(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c?.text).join('');
}
