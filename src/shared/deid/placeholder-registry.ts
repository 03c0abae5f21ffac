/**
 * Hands out stable placeholders within one deidentify() call: the same identifier gets the same
 * "[KIND_n]" everywhere (text and record alike), every part of a known person's name maps to
 * that person's placeholder, and dates become "[DATE_n: shifted]" so the model still reads
 * intervals. It also owns merging overlapping detections into one set of disjoint spans.
 */
import { IDENTIFIER_KINDS, IdentifierKind, PlaceholderMap, Span } from './deid.types';
import { ParsedDate, parseDate, shiftDate } from './date-shift';

const HONORIFIC = /^(?:dr|doctor|mr|mrs|ms|mx|miss|prof|professor|nurse)\.?\s+/i;

function normalise(kind: IdentifierKind, value: string): string {
  const v = value.trim().toLowerCase().replace(/\s+/g, ' ');
  if (kind === 'PHONE' || kind === 'FAX' || kind === 'SSN') {
    const d = v.replace(/\D+/g, '');
    return d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
  }
  if (kind === 'PERSON') {
    const bare = v.replace(HONORIFIC, '').replace(/['’]s$/, '');
    const comma = /^([^,]+),\s*(.+)$/.exec(bare);
    return comma ? `${comma[2]} ${comma[1]}` : bare;
  }
  return v.replace(/[.,;:]+$/, '');
}

// Every registry starts its counts from this (copied by spread: the same keys in the same order).
const ZERO_COUNTS = Object.fromEntries(IDENTIFIER_KINDS.map((k) => [k, 0])) as Record<IdentifierKind, number>;

/**
 * An empty plain object whose properties V8 keeps in a hash table from the start. Each call
 * adds its own sequence of keys ("[PERSON_1]", "[DATE_1]", …) to its maps, so an object in the
 * default layout gets a new hidden class for almost every key added (about 2 µs each, a few
 * percent of a medical task). The object is as plain as before: same prototype, same keys in
 * insertion order, same JSON; deleting a property that is not the last one added is what makes
 * V8 switch the layout, and both are gone before the object is handed out.
 */
function hashedObject(): Record<string, string> {
  const o: Record<string, string> = {};
  o['\u0000a'] = '';
  o['\u0000b'] = '';
  delete o['\u0000a'];
  delete o['\u0000b'];
  return o;
}

// "[KIND_n]" strings, made once per process and internalised (read back as an object's key), so
// storing one as a key of `placeholders` needs no string-table lookup in each call. Bounded by n.
const NAMES = new Map<string, string[]>();
const MAX_CACHED_N = 1024;

function placeholderName(kind: string, n: number): string {
  if (n > MAX_CACHED_N) return `[${kind}_${n}]`;
  let names = NAMES.get(kind);
  if (names === undefined) NAMES.set(kind, (names = []));
  return (names[n] ??= Object.keys({ [`[${kind}_${n}]`]: 0 })[0]);
}

export class PlaceholderRegistry {
  readonly placeholders: Record<string, string> = hashedObject();
  readonly shiftedDates: Record<string, string> = hashedObject();
  readonly counts = { ...ZERO_COUNTS };
  /** kind → normalised value → placeholder (one map per kind: no "KIND|value" string per lookup). */
  private readonly byKind = new Map<string, Map<string, string>>();
  private readonly next = new Map<IdentifierKind, number>();
  /** The placeholders of the PERSON values holding each word (split on ' '), for personByPart. */
  private readonly personParts = new Map<string, Set<string>>();

  constructor(readonly dateShiftDays: number) {}

  private keysOf(kind: string): Map<string, string> {
    let keys = this.byKind.get(kind);
    if (keys === undefined) this.byKind.set(kind, (keys = new Map()));
    return keys;
  }

  /** Registers a known person so each part of the name resolves to one placeholder. */
  registerPerson(fullName: string, variants: string[]): string {
    const placeholder = this.placeholderFor('PERSON', fullName, false);
    const keys = this.keysOf('PERSON');
    for (const v of variants) {
      const normal = normalise('PERSON', v);
      if (!keys.has(normal)) this.addKey(keys, 'PERSON', normal, placeholder);
    }
    return placeholder;
  }

  private placeholderFor(kind: IdentifierKind, value: string, count = true): string {
    const normal = normalise(kind, value);
    const keys = this.keysOf(kind);
    let placeholder = keys.get(normal);
    if (!placeholder && kind === 'PERSON') placeholder = this.personByPart(normal);
    if (!placeholder) {
      const n = (this.next.get(kind) ?? 0) + 1;
      this.next.set(kind, n);
      placeholder = placeholderName(kind, n);
      this.placeholders[placeholder] = value.trim();
    }
    // A key once set keeps its placeholder (it was found above when present), so only a new one is added.
    if (!keys.has(normal)) this.addKey(keys, kind, normal, placeholder);
    if (count) this.counts[kind] += 1;
    return placeholder;
  }

  private addKey(keys: Map<string, string>, kind: IdentifierKind, normal: string, placeholder: string): void {
    keys.set(normal, placeholder);
    if (kind !== 'PERSON') return;
    for (const part of normal.split(' ')) {
      let owners = this.personParts.get(part);
      if (owners === undefined) this.personParts.set(part, (owners = new Set()));
      owners.add(placeholder);
    }
  }

  /**
   * "Raman" after "Priya Raman" is the same person (unless the surname is shared by two): the
   * placeholders of the PERSON keys with this word, looked up in an index kept as keys are added
   * (the same set a scan of every PERSON key split on ' ' gives).
   */
  private personByPart(name: string): string | undefined {
    if (name.includes(' ')) return undefined;
    const owners = this.personParts.get(name);
    return owners !== undefined && owners.size === 1 ? owners.values().next().value : undefined;
  }

  /** The text that replaces one identifier. */
  replacement(kind: IdentifierKind, value: string, parsed?: ParsedDate): string {
    if (kind === 'AGE') {
      this.counts.AGE += 1;
      return '90+';
    }
    if (kind === 'DATE') {
      const date = parsed ?? parseDate(value);
      const placeholder = this.placeholderFor('DATE', value);
      if (!date) return placeholder;
      const shifted = shiftDate(date, this.dateShiftDays);
      this.shiftedDates[shifted] ??= value.trim();
      return `${placeholder.slice(0, -1)}: ${shifted}]`;
    }
    return this.placeholderFor(kind, value);
  }

  /** A structured value that must stay one field (record ids, codes). */
  fieldPlaceholder(kind: IdentifierKind, value: string): string {
    return this.placeholderFor(kind, value);
  }

  /** Records a shifted ISO value written into a record field. */
  noteShiftedDate(shifted: string, original: string): void {
    this.shiftedDates[shifted] ??= original;
  }

  mapping(): PlaceholderMap {
    return { placeholders: this.placeholders, shiftedDates: this.shiftedDates, dateShiftDays: this.dateShiftDays };
  }
}

/**
 * Disjoint spans from overlapping detections. Higher priority (lower number) and then longer
 * spans win; the uncovered rest of a losing span is still replaced, because a partly detected
 * identifier is a leaked identifier.
 */
export function mergeSpans<T extends Span & { parsed?: ParsedDate }>(text: string, spans: T[]): T[] {
  const order = [...spans].sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // One flag per character: linear in the covered length, where pairwise overlap tests were quadratic.
  const covered = new Uint8Array(text.length);
  const taken: T[] = [];
  for (const s of order) {
    const pieces: Array<[number, number]> = [];
    for (let i = s.start; i < s.end; ) {
      while (i < s.end && covered[i]) i++;
      const a = i;
      while (i < s.end && !covered[i]) i++;
      if (i > a) pieces.push([a, i]);
    }
    const whole = pieces.length === 1 && pieces[0][0] === s.start && pieces[0][1] === s.end;
    for (const [a, b] of pieces) {
      const piece = text.slice(a, b);
      if (!/[\p{L}\p{N}]/u.test(piece)) continue;
      const start = a + (piece.length - piece.trimStart().length);
      const end = b - (piece.length - piece.trimEnd().length);
      covered.fill(1, start, end);
      taken.push(whole ? s : { ...s, start, end, parsed: undefined });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}
