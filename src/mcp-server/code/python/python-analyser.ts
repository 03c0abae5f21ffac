/**
 * Owns static analysis of Python: the text is parsed by tree-sitter's Python grammar, syntax
 * errors are reported with their line, and the vulnerability checks walk the syntax tree's calls,
 * assignments and keyword arguments (see python-flow.ts for how input is followed). The code is
 * only parsed, never run.
 */
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../code-analysis.types';
import { isHardcodedSecret, looksLikeKeyMaterial } from '../../../shared/secrets';
import { vulnInfo } from '../vuln-rules/vuln-catalog';
import { bindingName, built, resetFlowIndex, callName, callOwner, constant, keyword, literalText, positional, stringText, tainted } from './python-flow';
import { pythonParser } from './python-parser';

const SQL_TEXT = /\b(select\s|insert\s+into|update\s+\S+\s+set|delete\s+from|from\s+\S+|where\s|order\s+by|values\s*\(|drop\s+table|create\s+table|group\s+by|limit\s)/i;
const SQL_CALLS = new Set(['execute', 'executemany', 'executescript', 'raw', 'read_sql', 'read_sql_query', 'text', 'extra', 'mogrify']);
const SHELL_OWNERS = new Set(['subprocess', 'sp']);
const HTTP_OWNERS = new Set(['requests', 'httpx', 'session', 's', 'client', 'http', 'urllib3', 'aiohttp', 'pool']);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'urlopen', 'stream']);
const PASSWORDISH = /pass(word|wd|phrase)?|pwd|secret|credential/i;
const SECRETISH_RANDOM = /token|secret|key|nonce|salt|password|otp|session|csrf|code|reset/i;
const MAX_SYNTAX_ERRORS = 5;

type Report = (node: Node, rule: string, message: string) => void;

function checkCall(call: Node, report: Report): void {
  const name = callName(call);
  const owner = callOwner(call);
  const args = positional(call);
  const first = args[0];

  if (SQL_CALLS.has(name) && first && ((built(first) && SQL_TEXT.test(literalText(first))) || (name !== 'text' && tainted(first) && !constant(first)))) {
    report(first, 'python/sql-injection', `SQL text built from run-time values is passed to ${name}(): SQL injection.`);
  }
  if ((owner === 'os' && (name === 'system' || name === 'popen')) || name === 'getoutput' || name === 'getstatusoutput') {
    if (first && !constant(first)) report(first, 'python/command-injection', `${owner || name}.${name}() runs a shell command built from run-time values: OS command injection.`);
  } else if (SHELL_OWNERS.has(owner) && first) {
    const shell = keyword(call, 'shell');
    if (shell && shell.type !== 'false' && !constant(first)) report(first, 'python/command-injection', `subprocess.${name}() with shell=True runs run-time values through a shell: OS command injection.`);
  }
  if ((name === 'eval' || name === 'exec') && !owner && first && !constant(first)) {
    report(first, 'python/code-injection', `${name}() evaluates a string built from run-time values: code injection.`);
  }
  if (first && !constant(first)) {
    const loader = keyword(call, 'Loader')?.text ?? args[1]?.text ?? '';
    if ((/^(pickle|cPickle|_pickle|dill|marshal|shelve|jsonpickle|cloudpickle|joblib)$/.test(owner) && /^(load|loads|decode|open|Unpickler)$/.test(name)) ||
      (owner === 'yaml' && (name === 'unsafe_load' || name === 'full_load' || ((name === 'load' || name === 'load_all') && !/Safe/.test(loader))))) {
      report(call, 'python/insecure-deserialisation', `${owner}.${name}() can build arbitrary objects and run code from untrusted data: insecure deserialisation.`);
    }
  }
  if (HTTP_METHODS.has(name) && (HTTP_OWNERS.has(owner) || owner.endsWith('.request') || name === 'urlopen')) {
    const url = keyword(call, 'url') ?? (name === 'request' && owner !== 'urllib.request' ? args[1] : first);
    // Request input only: helpers that take a URL parameter are every HTTP client wrapper.
    if (url && tainted(url, 0, true)) report(url, 'python/ssrf', `The URL of ${name}() comes from request input: server-side request forgery.`);
  }
  if ((name === 'open' && !owner) || name === 'send_file' || name === 'send_from_directory' || name === 'FileResponse' || (owner === 'os' && /^(remove|unlink|listdir)$/.test(name))) {
    const target = name === 'send_from_directory' ? args[1] : first;
    if (target && tainted(target, 0, true)) report(target, 'python/path-traversal', `Request input reaches the path of ${name}(): path traversal (../) can reach any file.`);
  }
  if ((owner === 'hashlib' && /^(md5|sha1)$/.test(name)) || (owner === 'hashlib' && name === 'new' && /md5|sha1/i.test(stringText(first) ?? ''))) {
    const mentions = args.some((a) => PASSWORDISH.test(a.text)) || PASSWORDISH.test(bindingName(call));
    if (mentions) report(call, 'python/weak-hash', `hashlib.${name}() is used to hash a password: it is fast and broken, so hashes are cracked offline.`);
  }
  if (owner === 'random' && /^(random|randint|choice|choices|getrandbits|randrange|sample)$/.test(name) && SECRETISH_RANDOM.test(bindingName(call))) {
    report(call, 'python/insecure-random', `random.${name}() is predictable; use the secrets module for ${bindingName(call)}.`);
  }
  const verify = keyword(call, 'verify');
  if (verify?.type === 'false') report(verify.parent ?? verify, 'python/tls-verification', `verify=False in ${name}() accepts any certificate: anyone on the path can read and change the traffic.`);
  if (name === '_create_unverified_context') report(call, 'python/tls-verification', 'An unverified SSL context accepts any certificate.');
}

function checkSecret(name: string, value: Node | null, report: Report): void {
  const text = stringText(value);
  if (value && text !== undefined && isHardcodedSecret(name, text)) report(value, 'python/hardcoded-secret', `A secret is hard-coded in ${name || 'the source'}: anyone with the source has it.`);
}

function walk(root: Node, report: Report): void {
  for (const node of root.descendantsOfType(['call', 'assignment', 'keyword_argument', 'pair', 'string'])) {
    if (!node) continue;
    if (node.type === 'call') checkCall(node, report);
    else if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const name = left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : left?.text;
      checkSecret(name ?? '', node.childForFieldName('right'), report);
      if (name === 'verify_mode' && /CERT_NONE/.test(node.childForFieldName('right')?.text ?? '')) report(node, 'python/tls-verification', 'verify_mode = CERT_NONE accepts any certificate.');
    } else if (node.type === 'keyword_argument') checkSecret(node.childForFieldName('name')?.text ?? '', node.childForFieldName('value'), report);
    else if (node.type === 'pair') checkSecret(stringText(node.childForFieldName('key')) ?? node.childForFieldName('key')?.text ?? '', node.childForFieldName('value'), report);
    else if (node.type === 'string' && !['assignment', 'keyword_argument', 'pair'].includes(node.parent?.type ?? '')) {
      const text = stringText(node);
      if (text && looksLikeKeyMaterial(text)) report(node, 'python/hardcoded-secret', 'Key material is hard-coded: anyone with the source has it.');
    }
  }
}

function syntaxErrors(root: Node): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: Node) => {
    if (findings.length >= MAX_SYNTAX_ERRORS) return;
    if (node.type === 'ERROR' || node.isMissing) {
      findings.push({
        tool: 'tree-sitter', rule: 'python/syntax-error', severity: 'error', line: node.startPosition.row + 1, column: node.startPosition.column + 1,
        message: node.isMissing ? `Syntax error: missing ${node.type}` : `Syntax error near: ${node.text.split('\n')[0].slice(0, 40)}`,
      });
      return;
    }
    if (node.hasError) for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return findings;
}

export class PythonAnalyser {
  async analyse(code: string): Promise<Finding[]> {
    const parser = await pythonParser();
    const tree = parser.parse(code);
    if (!tree) throw new Error('the Python parser returned no tree');
    resetFlowIndex();
    try {
      const findings = syntaxErrors(tree.rootNode);
      const seen = new Set<string>();
      walk(tree.rootNode, (node, rule, message) => {
        const key = `${rule}:${node.startIndex}`;
        if (seen.has(key)) return;
        seen.add(key);
        const info = vulnInfo(rule);
        findings.push({
          tool: 'tree-sitter', rule, severity: info?.severity ?? 'error', line: node.startPosition.row + 1, column: node.startPosition.column + 1, message,
          ...(info ? { suggestion: info.fix, cwe: info.cwe, fix: info.fix } : {}),
        });
      });
      return findings;
    } finally {
      tree.delete();
    }
  }
}
