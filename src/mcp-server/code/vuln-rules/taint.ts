/**
 * Owns the intra-function data-flow questions the vulnerability rules ask of an expression: does
 * request input reach it (taint), is it a string built at run time, is it a constant. Variables
 * are followed through their declarations and later assignments with ESLint's scope manager, to a
 * small depth, so `const q = "…" + req.query.id; db.query(q)` is seen; nothing crosses a call
 * into another function.
 */
import type { Rule, Scope } from 'eslint';

type Node = any;

/** Roots of request data in Express, Fastify, Koa, Next and Lambda handlers. */
const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'event']);
const REQUEST_PARTS = /^(query|body|params|headers|cookies|url|originalUrl|path|files?|rawBody|queryStringParameters|pathParameters|request|searchParams)$/;
/** Parameters whose names say they carry caller input when the snippet is a bare function. */
const INPUT_PARAMS =
  /^(user_?input|input|json|json_?text|untrusted\w*|payload|user(name|_?id|_?url|_?path|_?query)?|search(term)?|term|q|query(string)?|filter|target|next|redirect(url|to)?|return(url|to)|url|uri|host|file(name|path)?|path|dir|name|id|cmd|command|args?|expr(ession)?|code|script|template|tpl|data|body|params?|key|prop|field|value|raw|serialized|token|html|markup|content|message|comment|text|email|sort|order(by)?|column|table)$/i;
/** Calls that make a value safe for every sink here: numbers, encodings, escapes, allow-lists. */
const SANITISERS =
  /^(parseInt|parseFloat|Number|Boolean|encodeURIComponent|encodeURI|escape\w*|\w*[Ee]scape\w*|sanitize\w*|sanitise\w*|basename|isValid\w*|validate\w*|clean\w*|quote\w*|format(Identifier|Literal)|ident|literal|purify|has|includes|test|startsWith|endsWith|indexOf|length|toFixed)$/;
const MAX_DEPTH = 6;

export function calleeName(node: Node): string | undefined {
  const callee = node.type === 'CallExpression' || node.type === 'NewExpression' ? node.callee : node;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Literal') return String(callee.property.value);
  return undefined;
}

/** The identifier a member chain starts from: `req` for `req.query.id.trim`. */
export function rootName(node: Node): string | undefined {
  let current = node;
  while (current) {
    if (current.type === 'Identifier') return current.name;
    if (current.type === 'ThisExpression') return 'this';
    if (current.type === 'MemberExpression') current = current.object;
    else if (current.type === 'CallExpression') current = current.callee;
    else if (current.type === 'ChainExpression' || current.type === 'TSNonNullExpression' || current.type === 'TSAsExpression') current = current.expression;
    else return undefined;
  }
  return undefined;
}

/** The object name before the method: `cp` for `cp.exec(…)`, `fs.promises` → `promises`. */
export function objectName(callee: Node): string | undefined {
  if (callee.type !== 'MemberExpression') return undefined;
  const object = callee.object;
  if (object.type === 'Identifier') return object.name;
  if (object.type === 'MemberExpression' && !object.computed && object.property.type === 'Identifier') return object.property.name;
  if (object.type === 'CallExpression') return calleeName(object);
  return undefined;
}

function isRequestMember(node: Node): boolean {
  // req.query…, request.body…, ctx.request.body…, event.body…
  const chain: string[] = [];
  let current = node;
  while (current.type === 'MemberExpression') {
    if (!current.computed && current.property.type === 'Identifier') chain.unshift(current.property.name);
    else chain.unshift('[]');
    current = current.object;
  }
  if (current.type !== 'Identifier' || !REQUEST_ROOTS.has(current.name)) return false;
  const first = chain[0];
  if (first === undefined) return false;
  if (first === 'request') return chain.length > 1 && REQUEST_PARTS.test(chain[1]);
  return REQUEST_PARTS.test(first);
}

function findVariable(context: Rule.RuleContext, identifier: Node): Scope.Variable | undefined {
  let scope: Scope.Scope | null = context.sourceCode.getScope(identifier);
  while (scope) {
    const variable = scope.set.get(identifier.name);
    if (variable) return variable;
    scope = scope.upper;
  }
  return undefined;
}

/** Every expression written to the variable: its initialiser (through destructuring) and assignments. */
export function writtenValues(context: Rule.RuleContext, identifier: Node): { values: Node[]; isParam: boolean } {
  const variable = findVariable(context, identifier);
  if (!variable) return { values: [], isParam: false };
  const values: Node[] = [];
  let isParam = false;
  for (const def of variable.defs) {
    if (def.type === 'Parameter') isParam = true;
    const declarator = def.node as Node;
    if (def.type === 'Variable' && declarator.init) values.push(declarator.init);
    // for (const x of ['a', 'b']): x takes the array's elements.
    const loop = declarator.parent?.parent;
    if (def.type === 'Variable' && loop?.type === 'ForOfStatement' && loop.left === declarator.parent && loop.right.type === 'ArrayExpression') {
      values.push(...loop.right.elements.filter(Boolean));
    }
  }
  for (const reference of variable.references) {
    const parent = (reference.identifier as Node).parent;
    if (reference.isWrite() && reference.writeExpr && parent?.type === 'AssignmentExpression') {
      values.push(parent.operator === '=' ? reference.writeExpr : { type: 'BinaryExpression', operator: '+', left: identifier, right: reference.writeExpr });
    }
  }
  return { values, isParam };
}

export class Flow {
  constructor(private readonly context: Rule.RuleContext) {}

  /**
   * Request input (or, unless `requestOnly`, a parameter named like input) reaches this
   * expression unsanitised. Sinks that every helper function touches (file paths) ask for
   * request input only, so a `readConfig(path)` helper is not reported.
   */
  tainted(node: Node, depth = 0, seen = new Set<Node>(), requestOnly = false): boolean {
    if (!node || depth > MAX_DEPTH || seen.has(node)) return false;
    seen.add(node);
    const next = (child: Node) => this.tainted(child, depth + 1, seen, requestOnly);
    switch (node.type) {
      case 'Identifier': {
        if (node.name === 'undefined') return false;
        const { values, isParam } = writtenValues(this.context, node);
        if (isParam && !requestOnly && (INPUT_PARAMS.test(node.name) || REQUEST_ROOTS.has(node.name))) return true;
        return values.some(next);
      }
      case 'MemberExpression':
        if (isRequestMember(node)) return true;
        if (node.object.type === 'Identifier' && node.object.name === 'location' && /^(search|hash|href)$/.test(node.property.name)) return true;
        return next(node.object);
      case 'CallExpression': {
        const name = calleeName(node);
        if (name && SANITISERS.test(name)) return false;
        if (node.callee.type === 'MemberExpression' && next(node.callee.object)) return true;
        return node.arguments.some(next);
      }
      case 'BinaryExpression':
        return node.operator === '+' && (next(node.left) || next(node.right));
      case 'LogicalExpression':
        return next(node.left) || next(node.right);
      case 'ConditionalExpression':
        return next(node.consequent) || next(node.alternate);
      case 'TemplateLiteral':
        return node.expressions.some(next);
      case 'TaggedTemplateExpression':
        return false;
      case 'AwaitExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'ChainExpression':
      case 'TSTypeAssertion':
        return next(node.expression ?? node.argument);
      case 'SpreadElement':
        return next(node.argument);
      case 'ObjectExpression':
        return node.properties.some((p: Node) => next(p.type === 'Property' ? p.value : p));
      case 'ArrayExpression':
        return node.elements.some((e: Node) => e && next(e));
      case 'NewExpression':
        return (calleeName(node) === 'URL' || calleeName(node) === 'URLSearchParams') && node.arguments.some(next);
      default:
        return false;
    }
  }

  requestTainted(node: Node): boolean {
    return this.tainted(node, 0, new Set(), true);
  }

  /** The request value itself (an object an attacker shapes), not something derived from it. */
  rawInput(node: Node, depth = 0): boolean {
    if (!node || depth > MAX_DEPTH) return false;
    if (node.type === 'MemberExpression') return isRequestMember(node) || (node.object.type === 'Identifier' && REQUEST_ROOTS.has(node.object.name) && this.rawInput(node.object, depth + 1));
    if (node.type === 'Identifier') {
      const { values, isParam } = writtenValues(this.context, node);
      if (isParam) return INPUT_PARAMS.test(node.name) && !/^(id|name|key|value|url|path|cmd|command|code)$/i.test(node.name);
      return values.some((value) => this.rawInput(value, depth + 1));
    }
    if (node.type === 'AwaitExpression' || node.type === 'TSAsExpression') return this.rawInput(node.argument ?? node.expression, depth + 1);
    if (node.type === 'CallExpression' && calleeName(node) === 'parse' && objectName(node.callee) === 'JSON') return this.tainted(node.arguments[0]);
    return false;
  }

  /** A string put together at run time from non-constant parts (concatenation, template, +=). */
  built(node: Node, depth = 0): boolean {
    if (!node || depth > MAX_DEPTH) return false;
    switch (node.type) {
      case 'BinaryExpression':
        return node.operator === '+' && (!this.constant(node.left) || !this.constant(node.right));
      case 'TemplateLiteral':
        return node.expressions.some((e: Node) => !this.constant(e));
      case 'Identifier':
        return writtenValues(this.context, node).values.some((value) => this.built(value, depth + 1));
      case 'CallExpression': {
        const name = calleeName(node);
        if (name === 'concat' || name === 'format' || name === 'join') return node.arguments.some((a: Node) => !this.constant(a)) || (name === 'concat' && this.built(node.callee.object, depth + 1));
        if (name === 'replace' || name === 'replaceAll') return !this.constant(node.arguments[1]);
        return false;
      }
      default:
        return false;
    }
  }

  /** Literal, or a const-like identifier whose every value is constant. */
  constant(node: Node, depth = 0): boolean {
    if (!node || depth > MAX_DEPTH) return false;
    switch (node.type) {
      case 'Literal':
        return true;
      case 'TemplateLiteral':
        return node.expressions.every((e: Node) => this.constant(e, depth + 1));
      case 'BinaryExpression':
        return this.constant(node.left, depth + 1) && this.constant(node.right, depth + 1);
      case 'Identifier': {
        const { values, isParam } = writtenValues(this.context, node);
        return !isParam && values.length > 0 && values.every((value) => this.constant(value, depth + 1));
      }
      case 'MemberExpression':
        return /^[A-Z][A-Z0-9_]*$/.test(rootName(node) ?? '');
      default:
        return false;
    }
  }

  /** Literal text of a (possibly built) string, for checks like "does this look like SQL". */
  literalText(node: Node, depth = 0): string {
    if (!node || depth > MAX_DEPTH) return '';
    if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : '';
    if (node.type === 'TemplateLiteral') return node.quasis.map((q: Node) => q.value.cooked ?? '').join(' ');
    if (node.type === 'BinaryExpression') return `${this.literalText(node.left, depth + 1)} ${this.literalText(node.right, depth + 1)}`;
    if (node.type === 'Identifier') return writtenValues(this.context, node).values.map((v) => this.literalText(v, depth + 1)).join(' ');
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') return this.literalText(node.callee.object, depth + 1) + node.arguments.map((a: Node) => this.literalText(a, depth + 1)).join(' ');
    return '';
  }
}

/** Name of the binding or property a value is given to, or of the function it is returned from. */
export function contextName(node: Node): string {
  let current = node.parent;
  for (let hops = 0; current && hops < 10; hops += 1, current = current.parent) {
    if (current.type === 'VariableDeclarator' && current.id.type === 'Identifier') return current.id.name;
    if (current.type === 'Property' || current.type === 'PropertyDefinition') return keyName(current.key) ?? '';
    if (current.type === 'AssignmentExpression') return current.left.type === 'MemberExpression' ? (keyName(current.left.property) ?? '') : (current.left.name ?? '');
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') {
      const fn = current.id?.name ?? (current.parent?.type === 'VariableDeclarator' ? current.parent.id.name : current.parent?.key ? keyName(current.parent.key) : '');
      return fn ?? '';
    }
  }
  return '';
}

export function keyName(key: Node): string | undefined {
  if (!key) return undefined;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

export function enclosingFunction(node: Node): Node | undefined {
  let current = node.parent;
  while (current) {
    if (/Function/.test(current.type)) return current;
    current = current.parent;
  }
  return undefined;
}
