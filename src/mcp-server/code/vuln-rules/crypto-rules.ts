/**
 * Owns the rules about cryptography and trust in JavaScript/TypeScript: weak hashes for
 * passwords, Math.random for secrets, weak ciphers and keys, JWTs verified without an algorithm
 * list, disabled TLS verification and hard-coded secrets.
 */
import { vulnRule } from './rule-kit';
import { isHardcodedSecret, looksLikeKeyMaterial } from '../../../shared/secrets';
import { calleeName, contextName, enclosingFunction, keyName, objectName, writtenValues } from './taint';

type Node = any;

const PASSWORDISH = /pass(word|wd|phrase)?|pwd|secret|credential|pin\b/i;
const SECRETISH = /token|secret|key|nonce|salt|pass(word)?|otp|session|sid|uuid|guid|id$|^id|csrf|code|invite|reset|api/i;

function stringValue(node: Node): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

function mentionsPassword(node: Node): boolean {
  if (!node) return false;
  if (node.type === 'Identifier') return PASSWORDISH.test(node.name);
  if (node.type === 'MemberExpression') return mentionsPassword(node.property) || mentionsPassword(node.object);
  if (node.type === 'BinaryExpression' || node.type === 'TemplateLiteral') return (node.expressions ?? [node.left, node.right]).some(mentionsPassword);
  if (node.type === 'CallExpression') return node.arguments.some(mentionsPassword);
  return false;
}

export const weakHash = vulnRule('md5/sha1 used to hash passwords', (_flow, report) => ({
  CallExpression(node: Node) {
    if (calleeName(node) !== 'createHash' && calleeName(node) !== 'createHmac') return;
    const algorithm = stringValue(node.arguments[0])?.toLowerCase();
    if (!algorithm || !/^(md4|md5|sha1|sha-1|ripemd160)$/.test(algorithm)) return;
    const update = node.parent?.type === 'MemberExpression' && keyName(node.parent.property) === 'update' ? node.parent.parent : undefined;
    const passwordInput = update?.type === 'CallExpression' && update.arguments.some(mentionsPassword);
    if (passwordInput || PASSWORDISH.test(contextName(node))) report(node, `${algorithm} is used to hash a password: it is fast and broken, so hashes are cracked offline.`);
  },
}));

export const insecureRandom = vulnRule('Math.random used for security values', (_flow, report) => ({
  CallExpression(node: Node) {
    if (calleeName(node) !== 'random' || objectName(node.callee) !== 'Math') return;
    const name = contextName(node);
    if (name && SECRETISH.test(name) && !/^(jitter|delay|backoff|retry|sample|shuffle|color|x|y|index|idx|width|height)/i.test(name)) {
      report(node, `Math.random() produces ${name}: it is predictable, not a cryptographic random source.`);
    }
  },
}));

export const weakCipher = vulnRule('ECB, DES/RC4 or createCipher without an IV', (_flow, report) => ({
  CallExpression(node: Node) {
    const name = calleeName(node);
    if (name === 'createCipher' || name === 'createDecipher') {
      report(node, `${name}() derives the key and IV from a password with MD5 and no salt (deprecated).`);
      return;
    }
    if (name !== 'createCipheriv' && name !== 'createDecipheriv') return;
    const algorithm = stringValue(node.arguments[0])?.toLowerCase() ?? '';
    if (/-ecb$|^des|^rc4|^rc2|^bf|^blowfish/.test(algorithm)) report(node.arguments[0], `${algorithm} is a weak cipher or mode (ECB leaks patterns; DES/RC4 are broken).`);
  },
}));

export const weakKey = vulnRule('RSA/DSA keys shorter than 2048 bits', (_flow, report) => ({
  Property(node: Node) {
    if (keyName(node.key) !== 'modulusLength' || node.value.type !== 'Literal' || typeof node.value.value !== 'number') return;
    if (node.value.value < 2048) report(node.value, `An RSA key of ${node.value.value} bits can be factored; use at least 2048.`);
  },
}));

export const jwtVerify = vulnRule('JWTs verified without an algorithm list or only decoded', (_flow, report, context) => ({
  CallExpression(node: Node) {
    const name = calleeName(node);
    if (!/^(jwt|jsonwebtoken|JWT|jsonWebToken)$/.test(objectName(node.callee) ?? '') && !(node.callee.type === 'Identifier' && (name === 'verify' || name === 'decode'))) return;
    if (name === 'verify') {
      let options = node.arguments[2];
      if (options?.type === 'Identifier') options = writtenValues(context, options).values[0] ?? options;
      // Options the rule cannot see (this.options, a parameter) may well carry algorithms.
      const unseen = options && options.type !== 'ObjectExpression' && !/Function/.test(options.type);
      const hasAlgorithms = options?.type === 'ObjectExpression' && options.properties.some((p: Node) => keyName(p.key) === 'algorithms' || p.type === 'SpreadElement');
      if (!hasAlgorithms && !unseen) report(node, 'jwt.verify() without { algorithms: [...] } accepts whatever algorithm the token names (alg confusion, "none").');
    } else if (name === 'decode') {
      const fn = enclosingFunction(node);
      const verifies = fn && context.sourceCode.getTokens(fn).some((token) => token.type === 'Identifier' && /verify/i.test(token.value));
      if (!verifies) report(node, 'jwt.decode() does not check the signature; a decoded token proves nothing about the caller.');
    }
  },
}));

export const tlsVerification = vulnRule('TLS certificate verification turned off', (_flow, report) => ({
  Property(node: Node) {
    const key = keyName(node.key);
    if ((key === 'rejectUnauthorized' || key === 'strictSSL') && node.value.type === 'Literal' && node.value.value === false) report(node, `${key}: false accepts any certificate, so anyone on the path can read and change the traffic.`);
  },
  AssignmentExpression(node: Node) {
    const left = node.left;
    if (left.type === 'MemberExpression' && keyName(left.property) === 'NODE_TLS_REJECT_UNAUTHORIZED' && ['0', 0].includes(node.right.value)) {
      report(node, "NODE_TLS_REJECT_UNAUTHORIZED = '0' turns off certificate checks for every request of the process.");
    }
  },
}));

export const hardcodedSecret = vulnRule('secrets and keys written in the source', (_flow, report) => {
  const check = (name: string | undefined, value: Node) => {
    const text = stringValue(value);
    if (text !== undefined && isHardcodedSecret(name ?? '', text)) report(value, `A secret is hard-coded${name ? ` in ${name}` : ''}: anyone with the source has it.`);
  };
  return {
    VariableDeclarator(node: Node) {
      if (node.id.type === 'Identifier') check(node.id.name, node.init);
    },
    Property(node: Node) {
      check(keyName(node.key), node.value);
    },
    PropertyDefinition(node: Node) {
      check(keyName(node.key), node.value);
    },
    AssignmentExpression(node: Node) {
      const left = node.left;
      check(left.type === 'MemberExpression' ? keyName(left.property) : left.name, node.right);
    },
    AssignmentPattern(node: Node) {
      if (node.left.type === 'Identifier') check(node.left.name, node.right);
    },
    Literal(node: Node) {
      const parent = node.parent;
      const named = ['VariableDeclarator', 'Property', 'PropertyDefinition', 'AssignmentExpression', 'AssignmentPattern'].includes(parent?.type) && (parent.init === node || parent.value === node || parent.right === node);
      if (!named && typeof node.value === 'string' && looksLikeKeyMaterial(node.value)) report(node, 'Key material is hard-coded: anyone with the source has it.');
    },
  };
});
