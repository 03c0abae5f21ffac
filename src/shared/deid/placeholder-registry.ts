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
    const d = v.replace(/\D/g, '');
    return d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
  }
  if (kind === 'PERSON') {
    const bare = v.replace(HONORIFIC, '').replace(/['’]s$/, '');
    const comma = /^([^,]+),\s*(.+)$/.exec(bare);
    return comma ? `${comma[2]} ${comma[1]}` : bare;
  }
  return v.replace(/[.,;:]+$/, '');
}

export class PlaceholderRegistry {
  readonly placeholders: Record<string, string> = {};
  readonly shiftedDates: Record<string, string> = {};
  readonly counts = Object.fromEntries(IDENTIFIER_KINDS.map((k) => [k, 0])) as Record<IdentifierKind, number>;
  private readonly byKey = new Map<string, string>();
  private readonly next = new Map<IdentifierKind, number>();

  constructor(readonly dateShiftDays: number) {}

  /** Registers a known person so each part of the name resolves to one placeholder. */
  registerPerson(fullName: string, variants: string[]): string {
    const placeholder = this.placeholderFor('PERSON', fullName, false);
    for (const v of variants) {
      const key = `PERSON|${normalise('PERSON', v)}`;
      if (!this.byKey.has(key)) this.byKey.set(key, placeholder);
    }
    return placeholder;
  }

  private placeholderFor(kind: IdentifierKind, value: string, count = true): string {
    const normal = normalise(kind, value);
    const key = `${kind}|${normal}`;
    let placeholder = this.byKey.get(key);
    if (!placeholder && kind === 'PERSON') placeholder = this.personByPart(normal);
    if (!placeholder) {
      const n = (this.next.get(kind) ?? 0) + 1;
      this.next.set(kind, n);
      placeholder = `[${kind}_${n}]`;
      this.placeholders[placeholder] = value.trim();
    }
    this.byKey.set(key, placeholder);
    if (count) this.counts[kind] += 1;
    return placeholder;
  }

  /** "Raman" after "Priya Raman" is the same person (unless the surname is shared by two). */
  private personByPart(name: string): string | undefined {
    if (name.includes(' ')) return undefined;
    const owners = new Set<string>();
    for (const [key, ph] of this.byKey) {
      if (key.startsWith('PERSON|') && key.slice(7).split(' ').includes(name)) owners.add(ph);
    }
    return owners.size === 1 ? [...owners][0] : undefined;
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
