/**
 * The `medcor` ESLint plugin: our vulnerability rules, for the classes no installed maintained
 * rule set covers (eslint-plugin-no-unsanitized covers DOM XSS sinks, eslint-plugin-security's
 * detect-unsafe-regex covers ReDoS, core no-eval the plain eval family).
 */
import type { ESLint, Linter } from 'eslint';
import { hardcodedSecret, insecureRandom, jwtVerify, tlsVerification, weakCipher, weakHash, weakKey } from './crypto-rules';
import {
  codeInjection, commandInjection, insecureDeserialisation, nosqlInjection, openRedirect, pathTraversal, prototypePollution,
  sqlInjection, ssrf, xssResponse,
} from './injection-rules';

export const medcorPlugin: ESLint.Plugin = {
  meta: { name: 'medcor' },
  rules: {
    'sql-injection': sqlInjection,
    'nosql-injection': nosqlInjection,
    'command-injection': commandInjection,
    'path-traversal': pathTraversal,
    'xss-response': xssResponse,
    ssrf,
    'open-redirect': openRedirect,
    'code-injection': codeInjection,
    'insecure-deserialisation': insecureDeserialisation,
    'prototype-pollution': prototypePollution,
    'hardcoded-secret': hardcodedSecret,
    'weak-hash': weakHash,
    'insecure-random': insecureRandom,
    'weak-cipher': weakCipher,
    'weak-key': weakKey,
    'jwt-verify': jwtVerify,
    'tls-verification': tlsVerification,
  },
};

export function medcorRules(): Record<string, Linter.RuleEntry> {
  return Object.fromEntries(Object.keys(medcorPlugin.rules ?? {}).map((name) => [`medcor/${name}`, 'error' as const]));
}

/** eslint-plugin-security rules our taint-aware rules replace: they fire on every non-literal key or path. */
export const REPLACED_SECURITY_RULES = ['security/detect-object-injection', 'security/detect-non-literal-fs-filename', 'security/detect-child-process'];

export { vulnInfo, VULN_CATALOG, type VulnClass, type VulnInfo } from './vuln-catalog';
