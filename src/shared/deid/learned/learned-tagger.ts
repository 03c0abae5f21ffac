/**
 * A learned second opinion on names, places and organisations: an averaged perceptron over
 * hashed token features (./features.ts), trained by test/fixtures/deid/train-tagger.ts on the
 * labelled notes the rules were written on, and shipped as weights in ./tagger-weights.ts
 * (nothing is downloaded or trained at run time). It reads context the cue lists do not name
 * ("out by", "Address:", a word's shape and affixes), so it finds some of what an unseen writer's
 * style hides from the rules. It only adds: a token the rules already replaced is not judged,
 * and a span it proposes is dropped when it touches a protected clinical term, when it is a
 * short capital run or holds a digit (acronyms, grades, kit names), or when the capitalised run
 * around it, or the word right after it, is clinical ("Pittsburgh Infant Brain Injury Score",
 * "Amyand hernia", "Garden IV").
 */
import { IdentifierKind, Span } from '../deid.types';
import { hasClinicalWord, isEponymHeadAsWritten } from '../medical-terms';
import { BITS, CLASSES, Token, featureRows, isCandidate, tokenise } from './features';
import { TAGGER_WEIGHTS } from './tagger-weights';

/** One row of class weights per feature row, flattened: row r's class k at r * CLASSES.length + k. */
export type TaggerTable = Int8Array | Float64Array;

/** The shipped weights, decoded on first use (about 1 MB). */
let shipped: TaggerTable | undefined;
export function shippedTable(): TaggerTable {
  shipped ??= decodeWeights(TAGGER_WEIGHTS.rows, TAGGER_WEIGHTS.values);
  return shipped;
}

/** Rows as base64 varint deltas, values as base64 int8 (CLASSES.length per row). */
export function decodeWeights(rows: string, values: string): Int8Array {
  const r = Buffer.from(rows, 'base64');
  const v = new Int8Array(Buffer.from(values, 'base64'));
  const table = new Int8Array((1 << BITS) * CLASSES.length);
  let row = 0;
  let at = 0;
  for (let i = 0; i < r.length; ) {
    let delta = 0;
    let shift = 0;
    for (;;) {
      const b = r[i++];
      delta += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    row += delta;
    table.set(v.subarray(at, at + CLASSES.length), row * CLASSES.length);
    at += CLASSES.length;
  }
  return table;
}

/** The inverse of decodeWeights, for the trainer. */
export function encodeWeights(table: Int8Array): { rows: string; values: string } {
  const rows: number[] = [];
  const values: number[] = [];
  let last = 0;
  for (let row = 0; row < table.length / CLASSES.length; row++) {
    const o = row * CLASSES.length;
    if (!table.subarray(o, o + CLASSES.length).some((w) => w !== 0)) continue;
    for (let delta = row - last; ; delta = Math.floor(delta / 128)) {
      rows.push(delta >= 128 ? (delta % 128) | 0x80 : delta);
      if (delta < 128) break;
    }
    last = row;
    values.push(...table.subarray(o, o + CLASSES.length));
  }
  return { rows: Buffer.from(rows).toString('base64'), values: Buffer.from(Int8Array.from(values).buffer).toString('base64') };
}

/** The class of token i and by how much it beats "not an identifier". */
export function classify(table: TaggerTable, tokens: Token[], i: number): { kind: number; margin: number } {
  const s = [0, 0, 0, 0];
  for (const row of featureRows(tokens, i)) {
    const o = row * CLASSES.length;
    s[0] += table[o];
    s[1] += table[o + 1];
    s[2] += table[o + 2];
    s[3] += table[o + 3];
  }
  let best = 1;
  for (let k = 2; k < CLASSES.length; k++) if (s[k] > s[best]) best = k;
  return { kind: best, margin: s[best] - s[0] };
}

// How far a class must beat "not an identifier" (weights scaled so the largest are about 127).
// Chosen on held-out parts (train-tagger --folds s6,s8,s9,s10): 40 keeps about four fifths of the
// recall that 0 gains and loses about half the clinical terms 0 loses; 100 gains little more.
const MIN_MARGIN = 40;

// Acronyms, grades and kit names ("TICI", "BI-RADS 4B", "NAAT"): never the tagger's call.
const shortCapitalsOrDigits = (t: Token) => t.info.shape.includes('d') || (t.info.shape === 'X' && t.word.length <= 4);
// A grade or class right after a capitalised word ("Garden IV", "Hunt Hess 3", "Forrest 2b").
const GRADE = /^(?:[IVX]{1,4}|\d{1,2}[A-Za-z]?)$/;

/**
 * The runs of capitalised tokens joined by one blank or hyphen: runOf[i] is the first token of
 * token i's run (one pass, so a text made of one long run costs no more than any other).
 */
function capitalisedRuns(text: string, tokens: Token[]): Int32Array {
  const runOf = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const joined = i > 0 && tokens[i].start - tokens[i - 1].end === 1 && /[ \t-]/.test(text[tokens[i - 1].end]);
    runOf[i] = joined && capitalised(tokens[i - 1]) && capitalised(tokens[i]) ? runOf[i - 1] : i;
  }
  return runOf;
}
const capitalised = (t: Token) => /^[\p{Lu}\p{N}]/u.test(t.word);

/** The capitalised run from token a to token b, or the word right after it, is clinical. */
function clinicalRun(text: string, tokens: Token[], a: number, b: number): boolean {
  const words = tokens.slice(a, b + 1).map((t) => t.word);
  const next = tokens[b + 1];
  if (next && next.start - tokens[b].end === 1 && /[ \t]/.test(text[tokens[b].end])) {
    if (GRADE.test(next.word)) return true;
    words.push(next.word);
  }
  // "lou gehrig's disease", "hartmann's pouch": a head noun after a possessive, one word further on.
  const after = text.slice(tokens[b].end, tokens[b].end + 40);
  const possessive = /^(?:[ \t]+[\p{L}-]+)?['’]s[ \t]+([\p{L}-]+)/u.exec(after);
  if (possessive) words.push(possessive[1]);
  return words.some((w) => isEponymHeadAsWritten(w) || hasClinicalWord(w));
}

/**
 * A lone ordinary English word the gazetteer does not know as a name or place ("Retired from
 * Nursing": whatever the context says), or one word opening a sentence or line, before a lower-case word, an acronym or a colon ("Describe
 * the …", "Compare SQL and …", "Departments: …", "Insurance: HMO"): the capital is the sentence's,
 * unless the gazetteer knows the word as a name or place and it is not an ordinary English word
 * too ("Works at night") or a label before a colon.
 */
function ordinaryWord(text: string, tokens: Token[], a: number, b: number): boolean {
  if (a !== b) return false;
  const t = tokens[a];
  // A lone ordinary English word the gazetteer does not know ("Retired from Nursing").
  if (t.info.flags.includes('c') && !/[np]/.test(t.info.flags)) return true;
  const before = a === 0 ? '' : text.slice(tokens[a - 1].end, t.start);
  if (!(a === 0 || t.lineStart || /[.!?;]\s*$/.test(before))) return false;
  const next = tokens[a + 1];
  if (next && text.slice(t.end, next.start).trim() === ':') return true;
  const known = /[np]/.test(t.info.flags) && !t.info.flags.includes('c');
  return !known && (!next || !/^\p{Lu}/u.test(next.word) || next.info.shape === 'X');
}

export interface LearnedContext {
  /** The tagger lexicon's ordinary-word test. */
  common: (word: string) => boolean;
  /** Protected clinical terms. */
  protect: Array<[number, number]>;
  /** Spans the rules found: their tokens are not judged again. */
  found: Span[];
  table?: TaggerTable;
}

/** Spans of names, places and organisations the tagger finds where the rules found none. */
export function findLearnedSpans(text: string, ctx: LearnedContext): Span[] {
  const table = ctx.table ?? shippedTable();
  const tokens = tokenise(text, ctx.common);
  // 1: the rules' span (not judged again); 2: a protected clinical term (never proposed).
  const covered = new Uint8Array(text.length + 1);
  // (A token is judged only when neither its first nor its last character is covered: a
  // protected term or a rule's span is never shorter than a whole word.)
  for (const [a, b] of ctx.protect) covered.fill(2, a, b);
  for (const s of ctx.found) covered.fill(1, s.start, s.end);
  const out: Array<Span & { first: number; last: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (covered[t.start] || covered[t.end - 1] || !isCandidate(t) || shortCapitalsOrDigits(t)) continue;
    const { kind, margin } = classify(table, tokens, i);
    if (margin <= MIN_MARGIN) continue;
    const last = out[out.length - 1];
    const kindName = CLASSES[kind] as IdentifierKind;
    if (last && last.kind === kindName && last.last === i - 1 && /^[ \t'’.-]{0,2}$/.test(text.slice(last.end, t.start))) {
      last.end = t.end;
      last.last = i;
    } else {
      out.push({ start: t.start, end: t.end, kind: kindName, priority: 2, first: i, last: i });
    }
  }
  // A span's verdict is its whole capitalised run's: worked out once per run.
  const runOf = capitalisedRuns(text, tokens);
  const runEnd = new Int32Array(tokens.length);
  for (let i = tokens.length - 1; i >= 0; i--) runEnd[runOf[i]] = Math.max(runEnd[runOf[i]], i);
  const clinical = new Map<number, boolean>();
  const inClinicalRun = (i: number) => {
    const run = runOf[i];
    let v = clinical.get(run);
    if (v === undefined) clinical.set(run, (v = clinicalRun(text, tokens, run, runEnd[run])));
    return v;
  };
  return out
    .filter((s) => !inClinicalRun(s.first) && !inClinicalRun(s.last) && !ordinaryWord(text, tokens, s.first, s.last))
    .map(({ start, end, kind, priority }) => ({ start, end, kind, priority }));
}
