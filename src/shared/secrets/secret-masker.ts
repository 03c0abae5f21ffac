/**
 * Masks the secrets written in source code before it leaves for an LLM: key material by its own
 * shape anywhere (PEM private keys, cloud and VCS tokens, API keys, JWTs), the password of a URL
 * with credentials, and a string or bare value assigned to a name that says secret when it looks
 * like one (isHardcodedSecret: long enough, high entropy, not a placeholder). Each distinct value
 * becomes `<SECRET_n>`, the same value the same n; a masked span keeps its newlines, so every line
 * number the model cites still points at the caller's code. Conservative by design: masking a
 * literal that was not a secret costs the review a value, never a line.
 */
import { isHardcodedSecret, KEY_SHAPES_IN_TEXT } from './secret-patterns';

export interface MaskedSecrets {
  text: string;
  /** Distinct secret values masked. */
  count: number;
}

interface Found {
  start: number;
  end: number;
}

// A string literal on one line ('…', "…", `…`), escapes included; read once from left to right.
const STRING_LITERAL = /(['"`])((?:\\.|(?!\1)[^\\\n]){1,4096})\1/g;
// The name a literal is assigned to, just before it: `password = `, `"apiKey": `, `token => `, `key := `.
const NAME_BEFORE = /(?:^|[^\w$.-])['"]?([A-Za-z_$][\w$.-]{0,64})['"]?[ \t]*(?:=|:|=>|:=|\?\?=)[ \t]*(?:[bruf]{1,2})?$/;
// `NAME=value` / `name: value` on a line of its own (.env, YAML, properties, INI).
const BARE_ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]{0,64})[ \t]*[:=][ \t]*([^\s'"`#;,][^\s#;,]{0,4095})[ \t]*$/gm;
// scheme://user:password@host
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^:/\s'"`@]{1,256}:([^@/\s'"`]{1,256})@/gi;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]{1,20}:\/\/[^:/\s'"`@]{1,256}:[^@/\s'"`]{1,256}@/i;

/**
 * Key material by its own shape and a URL's password, in any text (a question, a tool's result, a
 * note): what the egress guard masks on every path to the LLM. Cheap: each shape starts with a
 * literal prefix.
 */
export function maskKeyMaterial(text: string): MaskedSecrets {
  return masked(text, keyMaterial(text));
}

/** Everything maskKeyMaterial masks, and in code also the values assigned to secret-like names. */
export function maskSecrets(code: string): MaskedSecrets {
  const found = keyMaterial(code);
  STRING_LITERAL.lastIndex = 0;
  for (let m = STRING_LITERAL.exec(code); m; m = STRING_LITERAL.exec(code)) {
    // A URL keeps its host and path for the review: only its password goes (URL_PASSWORD).
    if (URL_WITH_PASSWORD.test(m[2])) continue;
    const name = NAME_BEFORE.exec(code.slice(Math.max(0, m.index - 80), m.index))?.[1] ?? '';
    if (isHardcodedSecret(name, m[2])) found.push({ start: m.index + 1, end: m.index + 1 + m[2].length });
  }
  BARE_ASSIGNMENT.lastIndex = 0;
  for (let m = BARE_ASSIGNMENT.exec(code); m; m = BARE_ASSIGNMENT.exec(code)) {
    if (!isHardcodedSecret(m[1], m[2])) continue;
    const end = m.index + m[0].trimEnd().length;
    found.push({ start: end - m[2].length, end });
  }
  return masked(code, found);
}

function keyMaterial(text: string): Found[] {
  const found: Found[] = [];
  for (const shape of KEY_SHAPES_IN_TEXT) {
    shape.lastIndex = 0;
    for (let m = shape.exec(text); m; m = shape.exec(text)) found.push({ start: m.index, end: m.index + m[0].length });
  }
  URL_PASSWORD.lastIndex = 0;
  for (let m = URL_PASSWORD.exec(text); m; m = URL_PASSWORD.exec(text)) {
    const end = m.index + m[0].length - 1;
    found.push({ start: end - m[1].length, end });
  }
  return found;
}

/** Each distinct value as <SECRET_n>, keeping its newlines; overlapping finds go to the first and longest. */
function masked(code: string, found: Found[]): MaskedSecrets {
  if (found.length === 0) return { text: code, count: 0 };

  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const numbers = new Map<string, number>();
  let out = '';
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    const value = code.slice(f.start, f.end);
    let n = numbers.get(value);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(value, n);
    }
    out += `${code.slice(at, f.start)}<SECRET_${n}>${'\n'.repeat(value.split('\n').length - 1)}`;
    at = f.end;
  }
  return { text: out + code.slice(at), count: numbers.size };
}
