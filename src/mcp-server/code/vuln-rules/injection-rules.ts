/**
 * Owns the source-to-sink rules for JavaScript/TypeScript: request input (or a string built at
 * run time) reaching a query, a shell, the file system, an HTTP response, an outgoing request, a
 * redirect, an evaluator or a deserialiser. See taint.ts for how input is followed.
 */
import type { Rule } from 'eslint';
import { vulnRule } from './rule-kit';
import { calleeName, enclosingFunction, Flow, keyName, objectName } from './taint';

type Node = any;

const SQL_METHODS = new Set(['query', 'execute', 'raw', 'whereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'sql', 'all', 'get', 'run', 'exec', 'prepare']);
const SQL_TEXT = /\b(select\s|insert\s+into|update\s+\S+\s+set|delete\s+from|from\s+\S+|where\s|order\s+by|values\s*\(|drop\s+table|create\s+table|set\s+\w+\s*=|group\s+by|limit\s)/i;
const MONGO_METHODS = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'aggregate', 'findOneAndReplace', 'replaceOne', 'distinct', 'exists', 'where']);
const SHELL_CALLS = new Set(['exec', 'execSync']);
const SPAWN_CALLS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);
const FS_CALLS = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'stat', 'statSync', 'open', 'openSync', 'access', 'accessSync',
  'mkdir', 'mkdirSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'sendFile', 'download', 'existsSync', 'lstat', 'rmdir', 'readJson', 'outputFile',
]);
const HTTP_CLIENTS = new Set(['fetch', 'axios', 'got', 'request', 'needle', 'superagent', 'ky', 'undici']);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'fetch']);
// Not `client`: most clients called that are Redis or database clients, whose get() takes a key.
const HTTP_OBJECTS = new Set(['axios', 'http', 'https', 'got', 'request', 'superagent', 'needle', 'ky', 'undici', 'httpClient', 'httpService']);
const VM_CALLS = new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script']);

function isFunction(node: Node): boolean {
  return node && /Function/.test(node.type);
}

export const sqlInjection = vulnRule('SQL text built from run-time values reaches a query call', (flow, report) => ({
  CallExpression(node: Node) {
    const method = calleeName(node);
    if (!method || !SQL_METHODS.has(method) || node.callee.type !== 'MemberExpression') return;
    let first = node.arguments[0];
    if (first?.type === 'ObjectExpression') first = first.properties.find((p: Node) => p.type === 'Property' && (keyName(p.key) === 'text' || keyName(p.key) === 'sql'))?.value;
    if (!first) return;
    const sqlText = flow.literalText(first);
    // Raw-SQL methods (whereRaw, $queryRawUnsafe) take SQL fragments that need not read like a statement.
    const rawSqlMethod = /Raw|Unsafe|^unsafe$/.test(method);
    const built = flow.built(first) && (rawSqlMethod || SQL_TEXT.test(sqlText));
    const rawInput = ['query', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe'].includes(method) && flow.requestTainted(first) && !flow.built(first);
    if (built || rawInput) report(first, `SQL text built from run-time values is passed to ${method}(): SQL injection.`);
  },
}));

export const nosqlInjection = vulnRule('request objects or $where reach a MongoDB filter', (flow, report) => ({
  Property(node: Node) {
    if (keyName(node.key) === '$where' && !flow.constant(node.value) && !isFunction(node.value)) report(node, 'A $where clause is built from run-time values: NoSQL injection.');
  },
  CallExpression(node: Node) {
    const method = calleeName(node);
    if (!method || !MONGO_METHODS.has(method) || node.callee.type !== 'MemberExpression') return;
    const filter = node.arguments[0];
    if (!filter) return;
    if (flow.rawInput(filter)) return report(filter, `A request object is used as the ${method}() filter: operators such as $ne/$gt can be injected.`);
    if (filter.type === 'ObjectExpression') {
      const raw = filter.properties.find((p: Node) => p.type === 'Property' && flow.rawInput(p.value));
      if (raw) report(raw, `A request value goes into the ${method}() filter uncoerced: an object such as {"$ne": null} changes the query.`);
    }
  },
}));

export const commandInjection = vulnRule('a shell command built from run-time values', (flow, report) => ({
  CallExpression(node: Node) {
    const method = calleeName(node);
    if (!method) return;
    const first = node.arguments[0];
    if (!first) return;
    if (SHELL_CALLS.has(method) && (node.callee.type === 'Identifier' || /^(cp|child_?process|childProcess|proc|shell)$/i.test(objectName(node.callee) ?? ''))) {
      if (!flow.constant(first) && (flow.built(first) || flow.tainted(first))) report(first, `${method}() runs a shell command built from run-time values: OS command injection.`);
      return;
    }
    if (SPAWN_CALLS.has(method)) {
      const options = node.arguments.find((a: Node) => a.type === 'ObjectExpression');
      const shell = options?.properties.find((p: Node) => p.type === 'Property' && keyName(p.key) === 'shell');
      const shellOn = shell && !(shell.value.type === 'Literal' && shell.value.value === false);
      const inputs = node.arguments.filter((a: Node) => a !== options);
      if (shellOn && inputs.some((a: Node) => flow.tainted(a) || flow.built(a))) report(first, `${method}() with shell: true runs run-time values through a shell: OS command injection.`);
      else if (flow.tainted(first) && !flow.constant(first)) report(first, `${method}() runs a program chosen by request input.`);
    }
  },
}));

export const pathTraversal = vulnRule('request input used as a file-system path', (flow, report) => ({
  CallExpression(node: Node) {
    const method = calleeName(node);
    if (!method || !FS_CALLS.has(method)) return;
    const first = node.arguments[0];
    // Express's sendFile/download refuse paths that leave the `root` option's directory.
    const rooted = node.arguments.some((a: Node) => a.type === 'ObjectExpression' && a.properties.some((p: Node) => keyName(p.key) === 'root'));
    if (first && !rooted && flow.requestTainted(first)) report(first, `Request input reaches the path of ${method}(): path traversal (../) can reach any file.`);
  },
}));

function isResponse(node: Node): boolean {
  const name = objectName(node.callee) ?? '';
  return /^(res|response|reply|h|ctx)$/.test(name);
}

export const xssResponse = vulnRule('request input written into an HTML response or template', (flow, report) => ({
  CallExpression(node: Node) {
    const method = calleeName(node);
    const first = node.arguments[0];
    if (!method || !first) return;
    if ((method === 'send' || method === 'write' || method === 'end') && isResponse(node) && first.type !== 'ObjectExpression' && flow.requestTainted(first)) {
      report(first, `Request input is written into the response with ${method}() without HTML escaping: cross-site scripting.`);
    } else if ((method === 'render' || method === 'compile' || method === 'renderString' || method === 'template') && /^(ejs|pug|jade|handlebars|Handlebars|hbs|nunjucks|mustache|Mustache|_|lodash|doT|swig)$/.test(objectName(node.callee) ?? '') && flow.tainted(first)) {
      report(first, `Request input is compiled as a template by ${method}(): template injection and cross-site scripting.`);
    } else if (method === 'SafeString' && flow.tainted(first)) {
      report(first, 'Request input is marked safe HTML: cross-site scripting.');
    }
  },
  NewExpression(node: Node) {
    if (calleeName(node) === 'SafeString' && node.arguments[0] && flow.tainted(node.arguments[0])) report(node.arguments[0], 'Request input is marked safe HTML: cross-site scripting.');
  },
  JSXAttribute(node: Node) {
    if (node.name?.name !== 'dangerouslySetInnerHTML') return;
    const object = node.value?.expression;
    const html = object?.type === 'ObjectExpression' ? object.properties.find((p: Node) => keyName(p.key) === '__html')?.value : undefined;
    if (html && !flow.constant(html) && !(html.type === 'CallExpression' && /sanitize|purify|escape/i.test(calleeName(html) ?? ''))) {
      report(node, 'dangerouslySetInnerHTML receives unsanitised markup: cross-site scripting.');
    }
  },
}));

function requestTarget(node: Node, flow: Flow): Node | undefined {
  const first = node.arguments[0];
  if (!first) return undefined;
  if (first.type === 'ObjectExpression') {
    const url = first.properties.find((p: Node) => p.type === 'Property' && /^(url|uri|baseURL|host|hostname|href)$/.test(keyName(p.key) ?? ''));
    return url && flow.requestTainted(url.value) ? url.value : undefined;
  }
  // Request input only: helpers that take a URL parameter are every HTTP client wrapper.
  return flow.requestTainted(first) ? first : undefined;
}

export const ssrf = vulnRule('an outgoing request to a request-derived URL', (flow, report) => ({
  CallExpression(node: Node) {
    const method = calleeName(node);
    if (!method) return;
    const direct = node.callee.type === 'Identifier' && HTTP_CLIENTS.has(method);
    const viaClient = node.callee.type === 'MemberExpression' && HTTP_METHODS.has(method) && HTTP_OBJECTS.has(objectName(node.callee) ?? '');
    if (!direct && !viaClient) return;
    const target = requestTarget(node, flow);
    if (target) report(target, `The URL of ${method}() comes from request input: server-side request forgery.`);
  },
}));

export const openRedirect = vulnRule('a redirect to a request-derived location', (flow, report) => ({
  CallExpression(node: Node) {
    const method = calleeName(node);
    if ((method !== 'redirect' && method !== 'location') || !isResponse(node)) return;
    const target = node.arguments[node.arguments.length - 1];
    if (target && flow.requestTainted(target)) report(target, 'The redirect target comes from request input: open redirect.');
  },
  AssignmentExpression(node: Node) {
    const left = node.left;
    const isLocation = (left.type === 'MemberExpression' && /^(location|href)$/.test(keyName(left.property) ?? '') && /^(window|document|location)$/.test(left.object.name ?? keyName(left.object.property) ?? ''));
    if (isLocation && flow.requestTainted(node.right)) report(node.right, 'The page navigates to a location taken from input: open redirect.');
  },
}));

export const codeInjection = vulnRule('strings evaluated as code', (flow, report) => {
  const check = (node: Node, what: string) => {
    const args = node.arguments ?? [];
    const code = what === 'Function' ? args[args.length - 1] : args[0];
    if (code && !flow.constant(code) && !isFunction(code) && (flow.tainted(code) || flow.built(code))) report(code, `${what}() evaluates a string built from run-time values: code injection.`);
  };
  return {
    CallExpression(node: Node) {
      const name = calleeName(node);
      if (name === 'eval' && node.callee.type === 'Identifier') check(node, 'eval');
      else if (name === 'Function' && node.callee.type === 'Identifier') check(node, 'Function');
      else if (name && VM_CALLS.has(name) && (objectName(node.callee) === 'vm' || node.callee.type === 'Identifier')) check(node, `vm.${name}`);
      else if ((name === 'setTimeout' || name === 'setInterval') && node.arguments[0] && !isFunction(node.arguments[0]) && (flow.built(node.arguments[0]) || flow.tainted(node.arguments[0]))) check(node, name);
    },
    NewExpression(node: Node) {
      const name = calleeName(node);
      if (name === 'Function') check(node, 'Function');
      else if (name === 'Script' && objectName(node.callee) === 'vm') check(node, 'vm.Script');
    },
  };
});

export const insecureDeserialisation = vulnRule('deserialisers that can run code', (flow, report) => ({
  CallExpression(node: Node) {
    const method = calleeName(node);
    const first = node.arguments[0];
    if (!method || !first || flow.constant(first)) return;
    const owner = objectName(node.callee) ?? '';
    if (method === 'unserialize' || (method === 'deserialize' && /^(serialize|serializer|nodeSerialize|funcster|v8|cryo)$/i.test(owner)) || (method === 'parse' && /^cryo$/i.test(owner))) {
      report(first, `${method}() of untrusted data can execute code: insecure deserialisation.`);
      return;
    }
    if ((method === 'load' || method === 'loadAll') && /^(yaml|jsyaml|jsYaml|YAML)$/.test(owner)) {
      const options = node.arguments[1];
      const schema = options?.type === 'ObjectExpression' ? options.properties.find((p: Node) => keyName(p.key) === 'schema')?.value : undefined;
      const schemaName = schema ? (schema.name ?? keyName(schema.property) ?? '') : '';
      if (/FULL|UNSAFE|unsafe|full/.test(schemaName)) report(first, `yaml.${method}() with ${schemaName} constructs arbitrary JavaScript types: insecure deserialisation.`);
    }
  },
}));

const MERGERS = new Set(['merge', 'mergeWith', 'extend', 'defaultsDeep', 'deepmerge', 'deepMerge', 'assign', 'assignIn', 'set', 'setWith', 'zipObjectDeep', 'defaults']);

/** The function rejects prototype keys or uses a prototype-free store (judged from its tokens). */
function guardsProtoKeys(fn: Node, sourceCode: Rule.RuleContext['sourceCode']): boolean {
  if (!fn) return false;
  return sourceCode.getTokens(fn).some(
    (token) =>
      (token.type === 'String' && token.value.slice(1, -1) === '__proto__') ||
      (token.type === 'Identifier' && (token.value === 'hasOwn' || token.value === 'hasOwnProperty' || token.value === 'Map')),
  );
}

export const prototypePollution: Rule.RuleModule = {
  meta: { type: 'problem', docs: { description: 'request-shaped keys written into plain objects' }, schema: [] },
  create(context) {
    const flow = new Flow(context);
    return {
      CallExpression(node: Node) {
        const name = calleeName(node);
        if (!name || !MERGERS.has(name)) return;
        const owner = objectName(node.callee);
        if (name === 'assign' && owner !== 'Object' && owner !== '_') return;
        if (name === 'set' && !/^(_|lodash|dot|dotProp|objectPath)$/.test(owner ?? '')) return;
        const sources = name === 'set' || name === 'setWith' ? node.arguments.slice(1, 2) : node.arguments.slice(1);
        const raw = sources.find((a: Node) => flow.rawInput(a));
        if (raw && !guardsProtoKeys(enclosingFunction(node), context.sourceCode)) {
          context.report({ node: raw, message: `${name}() copies a request object into another object: a "__proto__" key pollutes Object.prototype.` });
        }
      },
      AssignmentExpression(node: Node) {
        const left = node.left;
        if (left.type !== 'MemberExpression') return;
        const key = keyName(left.property);
        if (!left.computed && (key === '__proto__' || (key === 'prototype' && left.object.type === 'MemberExpression' && keyName(left.object.property) === 'constructor'))) {
          context.report({ node: left, message: `Assigning through ${key} changes the prototype of every object.` });
          return;
        }
        if (!left.computed) return;
        // Taint first: the guard scan reads the whole function's tokens, too costly for every a[i] = x.
        const nested = left.object.type === 'MemberExpression' && left.object.computed && (flow.tainted(left.property) || flow.tainted(left.object.property));
        const single = !nested && flow.requestTainted(left.property) && flow.requestTainted(node.right);
        if ((!nested && !single) || guardsProtoKeys(enclosingFunction(node), context.sourceCode)) return;
        context.report({
          node: left,
          message: nested
            ? 'obj[key][key2] = value with request keys: a "__proto__" key pollutes Object.prototype.'
            : 'obj[key] = value with a request key and value: "__proto__" replaces the object\'s prototype, other keys overwrite its methods.',
        });
      },
    };
  },
};
