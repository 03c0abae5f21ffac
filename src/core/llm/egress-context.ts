/**
 * The per-request state of the egress guard: which placeholders this request's text was given on
 * its way to the LLM, where each original came from, and so what may be put back for the caller.
 *
 * Every de-identification goes through src/shared/deid's public `deidentify()`. That function
 * numbers placeholders per call, while one request makes many calls (prompt, then each tool
 * result, each agent round), so the placeholders of each call are renumbered into this context's
 * own: the same value is the same placeholder for the whole request, and no two values share one.
 *
 * Re-identification rule (the access policy decides, not each path):
 * - what the caller supplied (prompt, context, code) goes back to that caller: they had it;
 * - what came from a tool result goes back only on a path that may hand direct identifiers to
 *   its caller (`mayReceive(path, DirectIdentifiers)`: the medical path, whose care-team check
 *   and audit ran first). On the general, database and code paths it stays a placeholder.
 */
import { randomInt } from 'node:crypto';
import {
  IDENTIFIER_KINDS,
  IdentifierKind,
  KnownIdentifiers,
  PlaceholderMap,
  deidentify,
  knownIdentifiersFromRecord,
  reidentify,
  reidentifyDeep,
} from '../../shared/deid';
import { AccessPath, DataClass, mayReceive } from '../../shared/policy';
import { maskKeyMaterial } from '../../shared/secrets';

/** Where a piece of outbound text came from. */
export type EgressOrigin = 'caller' | 'tool';

/**
 * `full`: every detector. `formats`: known values, format patterns (SSN, phone, e-mail, MRN…),
 * dates and ages, but no NLP name detector: for source code, whose capitalised words are names of
 * the program, and for text an earlier de-identification already ran the name detector over.
 */
export type EgressMode = 'full' | 'formats';

export interface EgressContextOptions {
  /** The path serving the request; without one, nothing from a tool is ever put back. */
  path?: AccessPath;
  mode?: EgressMode;
  /** Placeholders an earlier de-identification issued (the medical path's): kept as they are. */
  seed?: PlaceholderMap;
}

/** `[KIND_n]` or `[DATE_n: shifted]`; the suffix holds no bracket so nested tokens are seen. */
const TOKEN = /\[([A-Z]+(?:_[A-Z]+)*)_(\d+)(?::\s?([^[\]\n]{0,60}))?\]/g;
const ISO_DATE = /(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)/g;
const KINDS: ReadonlySet<string> = new Set(IDENTIFIER_KINDS);
/** Rows of one structured tool result whose identifiers are learned (bounds the exact-match work). */
const LEARN_MAX_ROWS = 200;
/** Identifiers learned per request at most: each is matched in every message sent to the model. */
const LEARN_MAX_VALUES = 2_000;
const SENTINEL_OPEN = '\uE000';
const SENTINEL_CLOSE = '\uE001';
const SENTINEL = /\uE000([\uE010-\uE01F]+)\uE001/g;

type LearnedKind = Exclude<keyof KnownIdentifiers, 'ids'>;
const KNOWN_FIELD: Partial<Record<IdentifierKind, LearnedKind>> = {
  PERSON: 'otherNames',
  MRN: 'mrns',
  SSN: 'ssns',
  PHONE: 'phones',
  FAX: 'phones',
  EMAIL: 'emails',
  LOCATION: 'addresses',
  ZIP: 'zips',
};

export class EgressContext {
  readonly path?: AccessPath;
  readonly mode: EgressMode;
  private shift: number;
  /** Identifiers replaced so far (every occurrence counts). */
  replaced = 0;
  private readonly placeholders: Record<string, string> = {};
  private readonly origins = new Map<string, EgressOrigin>();
  private readonly shiftedDates: Record<string, string> = {};
  private readonly dateOrigins = new Map<string, EgressOrigin>();
  private readonly byValue = new Map<string, string>();
  private readonly next = new Map<string, number>();
  private readonly learned: Required<Pick<KnownIdentifiers, LearnedKind>> = {
    patientNames: [], providerNames: [], otherNames: [], mrns: [], ssns: [], phones: [], emails: [], addresses: [], cities: [], zips: [], birthDates: [],
  };
  private readonly learnedKeys = new Set<string>();
  private readonly memo = new Map<string, string>();
  private known?: KnownIdentifiers;

  constructor(options: EgressContextOptions = {}) {
    this.path = options.path;
    this.mode = options.mode ?? 'full';
    const seed = options.seed;
    this.shift = seed?.dateShiftDays ?? randomShift();
    if (seed) {
      for (const [token, original] of Object.entries(seed.placeholders)) this.adoptToken(token, original, 'caller');
      for (const [shifted, original] of Object.entries(seed.shiftedDates)) this.noteDate(shifted, original, 'caller');
    }
  }

  /** Days added to every date the LLM sees in this request. */
  get dateShiftDays(): number {
    return this.shift;
  }

  /**
   * Continues a run another process began (an inline query handed to a worker): the same date
   * shift, and the identifiers its tools returned, before anything is guarded here.
   */
  resume(dateShiftDays: number | undefined, toolData: readonly unknown[]): void {
    if (dateShiftDays !== undefined && this.memo.size === 0) this.shift = dateShiftDays;
    for (const data of toolData) if (data !== undefined) this.learn(data);
  }

  /** The text as the LLM may see it. Placeholders this context issued pass through unchanged. */
  guard(text: string, origin: EgressOrigin, options: { detectNames?: boolean } = {}): string {
    if (text === '') return text;
    const detectNames = this.mode === 'full' && options.detectNames !== false;
    const memoKey = `${origin}\u0000${detectNames ? 1 : 0}\u0000${text}`;
    const hit = this.memo.get(memoKey);
    if (hit !== undefined) return hit;
    const kept: string[] = [];
    // Key material (private keys, cloud, VCS and API tokens, JWTs, a URL's password) never leaves, on
    // any path, whoever wrote it: masked as <SECRET_n> for good (never put back in an answer).
    const masked = maskKeyMaterial(text).text.replace(TOKEN, (whole: string, kind: string, n: string, suffix?: string) => {
      // A bare [KIND_n] carries no data; a date token only when it is one of ours.
      if (!KINDS.has(kind) || (suffix !== undefined && this.placeholders[`[${kind}_${n}]`] === undefined)) return whole;
      kept.push(whole);
      return sentinel(kept.length - 1);
    }).replace(ISO_DATE, (date: string) => {
      // A date this context already shifted (a seeded record's, one the model repeats) is not shifted twice.
      if (this.shiftedDates[date] === undefined) return date;
      kept.push(date);
      return sentinel(kept.length - 1);
    });
    const result = deidentify({ text: masked, known: this.knownIdentifiers() }, { dateShiftDays: this.shift, detectNames });
    const local = result.mapping;
    const renumbered = (result.text ?? masked).replace(TOKEN, (whole: string, kind: string, n: string, suffix?: string) => {
      const original = local.placeholders[`[${kind}_${n}]`];
      if (original === undefined) return whole;
      const mine = this.tokenFor(kind, original, origin);
      return suffix === undefined ? mine : `${mine.slice(0, -1)}: ${suffix}]`;
    });
    for (const [shifted, original] of Object.entries(local.shiftedDates)) this.noteDate(shifted, original, origin);
    this.replaced += Object.values(result.counts).reduce((sum, c) => sum + c, 0);
    const out = renumbered.replace(SENTINEL, (_, digits: string) => kept[fromSentinel(digits)]);
    this.memo.set(memoKey, out);
    return out;
  }

  /**
   * Identifiers in a tool's structured result (rows as objects, or `{columns, rows}`), so the
   * text rendering of the same rows is replaced exactly rather than by the detectors' guesses.
   */
  learn(data: unknown): void {
    for (const row of rowsOf(data).slice(0, LEARN_MAX_ROWS)) {
      const found = knownIdentifiersFromRecord(row);
      for (const field of Object.keys(this.learned) as LearnedKind[]) {
        for (const v of found[field] ?? []) {
          const key = `${field}\u0000${v}`;
          if (this.learnedKeys.has(key) || this.learnedKeys.size >= LEARN_MAX_VALUES) continue;
          this.learnedKeys.add(key);
          this.learned[field].push(v);
        }
      }
    }
    this.known = undefined;
  }

  /** The model's answer for the caller, with what the rule allows put back. */
  reidentify(text: string): string {
    return reidentify(text, this.mappingFor('answer'));
  }

  reidentifyDeep<T>(value: T): T {
    return reidentifyDeep(value, this.mappingFor('answer')) as T;
  }

  /**
   * A tool call's arguments as the tool must run them: the caller's own values back, and every
   * shifted date the model was shown mapped back to its original (so SQL written from the question
   * uses the real dates). A date the model wrote itself ("2024-01-01" for "this year") is left as
   * written: it may not come from anything shifted.
   */
  toolArguments<T>(args: T): T {
    return reidentifyDeep(args, this.mappingFor('tool')) as T;
  }

  /** Re-identifies a streamed answer: holds back a token that may be cut in the middle. */
  streamReidentifier(): { push(chunk: string): string; end(): string } {
    let pending = '';
    const emit = (text: string) => this.reidentify(text);
    return {
      push: (chunk) => {
        pending += chunk;
        const cut = /\[[^\]\n]{0,80}$|\d[\d-]{0,9}$/.exec(pending);
        const ready = cut ? pending.slice(0, cut.index) : pending;
        pending = cut ? pending.slice(cut.index) : '';
        return ready ? emit(ready) : '';
      },
      end: () => {
        const rest = pending;
        pending = '';
        return rest ? emit(rest) : '';
      },
    };
  }

  private mayRestore(origin: EgressOrigin | undefined, use: 'answer' | 'tool'): boolean {
    if (origin === 'caller') return true;
    if (use === 'tool') return false;
    return this.path !== undefined && mayReceive(this.path, DataClass.DirectIdentifiers);
  }

  private mappingFor(use: 'answer' | 'tool'): PlaceholderMap {
    const placeholders = Object.fromEntries(Object.entries(this.placeholders).filter(([token]) => this.mayRestore(this.origins.get(token), use)));
    const dates = Object.entries(this.shiftedDates).filter(([shifted]) => use === 'tool' || this.mayRestore(this.dateOrigins.get(shifted), use));
    const withheld = dates.length < Object.keys(this.shiftedDates).length;
    // A date the model computed cannot be traced to its source: in an answer it is un-shifted only
    // when no date was withheld; in tool arguments never (see toolArguments).
    return { placeholders, shiftedDates: Object.fromEntries(dates), dateShiftDays: withheld || use === 'tool' ? 0 : this.shift };
  }

  private knownIdentifiers(): KnownIdentifiers {
    if (this.known) return this.known;
    const known = Object.fromEntries(Object.entries(this.learned).map(([field, values]) => [field, [...values]])) as Required<Pick<KnownIdentifiers, LearnedKind>>;
    for (const [token, original] of Object.entries(this.placeholders)) {
      const field = KNOWN_FIELD[kindOf(token) as IdentifierKind];
      if (field) known[field].push(original);
    }
    this.known = known;
    return known;
  }

  private tokenFor(kind: string, original: string, origin: EgressOrigin): string {
    const key = `${kind}|${normalise(kind, original)}`;
    let token = this.byValue.get(key);
    if (token === undefined) {
      let n = this.next.get(kind) ?? 0;
      do n += 1;
      while (this.placeholders[`[${kind}_${n}]`] !== undefined);
      this.next.set(kind, n);
      token = `[${kind}_${n}]`;
      this.adoptToken(token, original, origin);
    } else if (origin === 'caller') {
      this.origins.set(token, 'caller');
    }
    return token;
  }

  private adoptToken(token: string, original: string, origin: EgressOrigin): void {
    this.placeholders[token] = original;
    this.byValue.set(`${kindOf(token)}|${normalise(kindOf(token), original)}`, token);
    if (this.origins.get(token) !== 'caller') this.origins.set(token, origin);
    this.known = undefined;
  }

  private noteDate(shifted: string, original: string, origin: EgressOrigin): void {
    this.shiftedDates[shifted] ??= original;
    if (this.dateOrigins.get(shifted) !== 'caller') this.dateOrigins.set(shifted, origin);
  }
}

function kindOf(token: string): string {
  return token.slice(1, token.lastIndexOf('_'));
}

/** Same identifier, same key: case and spacing do not matter, nor the punctuation of numbers. */
function normalise(kind: string, value: string): string {
  const v = value.trim().toLowerCase().replace(/\s+/g, ' ');
  return kind === 'PHONE' || kind === 'FAX' || kind === 'SSN' ? v.replace(/\D/g, '') : v;
}

function randomShift(): number {
  const days = randomInt(30, 366);
  return randomInt(2) === 0 ? days : -days;
}

/** Private-use characters only: no detector sees a letter or digit in a kept token's stand-in. */
function sentinel(index: number): string {
  return SENTINEL_OPEN + [...index.toString(16)].map((d) => String.fromCharCode(0xe010 + parseInt(d, 16))).join('') + SENTINEL_CLOSE;
}

function fromSentinel(digits: string): number {
  return parseInt([...digits].map((c) => (c.charCodeAt(0) - 0xe010).toString(16)).join(''), 16);
}

function rowsOf(data: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(data)) return data.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r)).slice(0, LEARN_MAX_ROWS);
  if (typeof data !== 'object' || data === null) return [];
  const d = data as Record<string, unknown>;
  if (Array.isArray(d.columns) && Array.isArray(d.rows)) {
    const columns = d.columns.map((c) => (typeof c === 'string' ? c : typeof c === 'object' && c !== null ? String((c as { name?: unknown }).name) : String(c)));
    return d.rows
      .filter(Array.isArray)
      .slice(0, LEARN_MAX_ROWS)
      .map((row) => Object.fromEntries(columns.map((c, i) => [c, (row as unknown[])[i]])));
  }
  const nested = Object.values(d).filter((v) => Array.isArray(v) || (typeof v === 'object' && v !== null));
  return nested.length ? [d, ...nested.flatMap(rowsOf)] : [d];
}
