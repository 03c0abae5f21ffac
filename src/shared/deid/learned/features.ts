/**
 * Tokens and hashed features of the learned name tagger. The trainer
 * (test/fixtures/deid/train-tagger.ts) and the tagger both read them from here, so what the
 * weights were trained on and what they are applied to cannot drift apart.
 *
 * A token is a run of letters and digits (the scoring's own token). Its features are the word,
 * its shape and affixes, the words and shapes around it, the punctuation before and after it,
 * the word that opens its line (a form's label: "Address", "Employer") and what the word lists
 * say of it and of its neighbours: a gazetteer name or place, an ordinary English word, a
 * medical term, a product/department/language word.
 */
import { isMedicalTerm } from '../medical-terms';
import { gazetteerFlags } from '../name-rules';
import { isIntercapped } from '../name-shape';
import { isOrganisationWord } from '../organisation-words';

/** Feature hashes index a table of 2^BITS rows, one weight per class. */
export const BITS = 18;
export const CLASSES = ['O', 'PERSON', 'LOCATION', 'ORGANIZATION'] as const;
export type TaggerClass = (typeof CLASSES)[number];

/** What features need of a word, whatever its place: worked out once per distinct word. */
interface WordInfo {
  lower: string;
  /** Character classes with runs collapsed: "Xx" for "Havili", "X" for "HAVILI", "Xxd" for "Ab12". */
  shape: string;
  /** What the word lists say: n(ame) p(lace) c(ommon word) m(edical) o(rganisation word). */
  flags: string;
  hWord: number;
  hShape: number;
  hFlags: number;
  /** Hashes of the first three, last three and last two letters. */
  hPrefix: number;
  hSuffix3: number;
  hSuffix2: number;
}

export interface Token {
  /** The word's own features, shared by every token of the same word. */
  info: WordInfo;
  start: number;
  end: number;
  word: string;
  lineStart: boolean;
  /** Hashes of the last three characters before the token and of its line's first word. */
  hGap: number;
  hHead: number;
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{N}/u;

function charClass(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 65 && c <= 90) return 'X';
  if (c >= 97 && c <= 122) return 'x';
  if (c >= 48 && c <= 57) return 'd';
  return UPPER.test(ch) ? 'X' : LOWER.test(ch) ? 'x' : DIGIT.test(ch) ? 'd' : 'c';
}

function shapeOf(word: string): string {
  let out = '';
  let last = '';
  for (const ch of word) {
    const c = charClass(ch);
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

// Distinct words seen (bounded: emptied when full, so a hostile text cannot grow it without end).
const WORDS = new Map<string, WordInfo>();
const MAX_WORDS = 50_000;

function wordInfo(word: string, common: (word: string) => boolean): WordInfo {
  let info = WORDS.get(word);
  if (info) return info;
  const lower = word.toLowerCase();
  const shape = shapeOf(word);
  const flags = gazetteerFlags(lower) + (common(word) ? 'c' : '') + (isMedicalTerm(lower) ? 'm' : '') + (isOrganisationWord(word) ? 'o' : '');
  info = {
    lower,
    shape,
    flags,
    hWord: fnv(lower),
    hShape: fnv(shape),
    hFlags: fnv(flags),
    hPrefix: fnv(lower.slice(0, 3)),
    hSuffix3: fnv(lower.slice(-3)),
    hSuffix2: fnv(lower.slice(-2)),
  };
  if (WORDS.size >= MAX_WORDS) WORDS.clear();
  WORDS.set(word, info);
  return info;
}

/** Every token of the text with what its features need. `common` is the tagger lexicon's ordinary-word test. */
export function tokenise(text: string, common: (word: string) => boolean): Token[] {
  const tokens: Token[] = [];
  let hHead = 0;
  let prevEnd = 0;
  // The first line break at or after prevEnd (-1: none left): one forward scan for the whole text.
  let nextBreak = text.indexOf('\n');
  // exec() on the module's regex: matchAll() copies the regex and goes through an iterator per call.
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const word = m[0];
    const info = wordInfo(word, common);
    if (nextBreak !== -1 && nextBreak < prevEnd) nextBreak = text.indexOf('\n', prevEnd);
    const lineStart = tokens.length === 0 || (nextBreak !== -1 && nextBreak < m.index);
    if (lineStart) hHead = info.hWord;
    tokens.push({ info, start: m.index, end: m.index + word.length, word, lineStart, hGap: gapHash(text, Math.max(prevEnd, m.index - 3), m.index), hHead });
    prevEnd = m.index + word.length;
  }
  return tokens;
}

// Words that are never an identifier on their own: joiners and pronouns (an organisation's "of" and "the" are
// taken in by the rules that join its pieces), months and weekdays (dates are the date rules'),
// a form's empty answers ("Club: None"), question words and auxiliaries ("Which Redis keys …"),
// kin words and titles ("Son Tavita drives her": the name is the next word).
const NEVER = new Set(
  `a an the of and or for from to in on at by with de la le du des del van von der den da di y et und
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday none nil unknown self other same yes no
  which what who whom whose where when why how can could does did do is are was were will would should shall must please
  son daughter wife husband mother father brother sister aunt uncle niece nephew cousin friend neighbour neighbor partner
  patient pt dr mr mrs ms miss not nor but if then than as so all any each every this that these those it its he she
  they we you i his her their our your my`.split(/\s+/),
);

// Nouns for what stands at a place, which the gazetteer also holds as a name or place ("lot", "station",
// "mission"): in lower case they are the generic part of a landmark ("the parking lot"), never a name.
const GENERIC_PLACE_NOUNS = new Set(
  `lot lots station terminal ramp elevator garage dock yard tower pier wharf mission grounds shop store stop church chapel
  cemetery mill plant depot crossing junction bridge park market mall ranch farm barn mine quarry camp field fields lodge
  hall court square green common hill hills lake river creek bay beach harbour harbor port point ridge valley wood woods`.split(/\s+/),
);

/**
 * Tokens the tagger judges: words with a letter, except joiners, months, weekdays and empty
 * answers, a medical term, drug, product, department or language the gazetteer does not know as
 * a name or place ("Entresto", "Nursing"),
 * a word with capitals inside ("MedCor", "PagerDuty": products, not people; "JoAnn" stays), and a
 * lower-case word the gazetteer does not know or that is an ordinary English word ("hospital"; most of any note; a lower-case identifier is
 * nearly always a gazetteer word or found by the rules' lower-case name cues).
 */
export function isCandidate(t: Token): boolean {
  const { flags, shape } = t.info;
  const known = flags.includes('n') || flags.includes('p');
  if (shape === 'd' || NEVER.has(t.info.lower) || (/[mo]/.test(flags) && !known)) return false;
  if (charClass(t.word[0]) === 'x') return known && !flags.includes('c') && !GENERIC_PLACE_NOUNS.has(t.info.lower);
  return !isIntercapped(t.word);
}

/** 32-bit FNV-1a of a string. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const BLANK = /\s/;
/** fnv() of text[from, to) with every blank read as a space, without building the string. */
function gapHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    h ^= c === 32 || (c > 32 && c < 127) || c > 0xffff ? c : BLANK.test(text[i]) ? 32 : c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const MASK = (1 << BITS) - 1;
const START = 0x5f3759df;
const END = 0x2545f491;

/** Two 32-bit values into one (a murmur3 finaliser over their combination). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The feature rows of token i: each feature is a template number mixed with the hashes of what
 * it looks at (no feature string is built), folded into the table's rows.
 */
export function featureRows(tokens: Token[], i: number): number[] {
  const t = tokens[i].info;
  const tok = tokens[i];
  const p = tokens[i - 1]?.info;
  const n = tokens[i + 1]?.info;
  const p2 = tokens[i - 2]?.info;
  const n2 = tokens[i + 2]?.info;
  const nGap = tokens[i + 1]?.hGap;
  const pw = p ? p.hWord : START;
  const nw = n ? n.hWord : END;
  const rows = [
    mix(1, 0),
    mix(2, t.hWord),
    mix(3, t.hShape),
    mix(4, t.hPrefix),
    mix(5, t.hSuffix3),
    mix(6, t.hSuffix2),
    mix(7, t.hFlags),
    mix(mix(8, t.hFlags), t.hShape),
    mix(9, tok.hGap),
    mix(10, nGap ?? END),
    mix(11, tok.lineStart ? 1 : 0),
    mix(12, tok.hHead),
    mix(13, Math.min(t.lower.length, 8)),
    mix(14, pw),
    mix(15, nw),
    mix(16, p2 ? p2.hWord : START),
    mix(17, n2 ? n2.hWord : END),
    mix(18, p ? p.hShape : START),
    mix(19, n ? n.hShape : END),
    p ? mix(mix(20, p.hFlags), p.hShape) : mix(20, START),
    n ? mix(mix(21, n.hFlags), n.hShape) : mix(21, END),
    mix(mix(22, pw), t.hShape),
    mix(mix(23, nw), t.hShape),
    mix(mix(mix(24, tok.hGap), t.hShape), t.hFlags),
  ];
  for (let k = 0; k < rows.length; k++) rows[k] &= MASK;
  return rows;
}
