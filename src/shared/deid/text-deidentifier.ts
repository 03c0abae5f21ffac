/**
 * De-identifies one string: known identifiers first (exact), then format patterns, dates and
 * ages, then names and places from the NLP detector; overlaps are merged and each span is
 * replaced through the call's PlaceholderRegistry so placeholders agree across the whole call.
 */
import { widenPlaces } from './address-context';
import { findTableCells } from './table-context';
import { Span } from './deid.types';
import { foreignInstitutionSpans } from './institution-words';
import { OPENS_NAMED_OF, widenOrganisations } from './organisation-context';
import { widenPeople } from './person-context';
import { ParsedDate, findDates, findDayOnlyDates, findTellingBirthYears } from './date-shift';
import { AGE_NUMBER, ageValue, findAgesOver89, findFormatSpans } from './format-patterns';
import { KnownTerm, findKnownSpans } from './known-identifiers';
import { TaggerTable } from './learned/learned-tagger';
import { isTermCode } from './medical-terms';
import { findNameSpans, isCommonWord } from './name-detector';
import { PlaceholderRegistry, mergeSpans } from './placeholder-registry';
import { RangeIndex } from './span-cover';

type DetectedSpan = Span & { parsed?: ParsedDate };

export interface TextDeidOptions {
  /** Names and places need the name rules; short structured strings (drug names) skip them. */
  detectNames: boolean;
  /** Also ask the NLP tagger about clauses the rules left open (slower). */
  tagger?: boolean;
  /** The learned tagger's weights: the shipped ones by default, none with false. */
  learned?: TaggerTable | false;
}

// Our own placeholders and the 90+ age bucket: text de-identified once passes through unchanged.
const ALREADY_DEIDENTIFIED = /\[[A-Z]+(?:_[A-Z]+)*_\d+(?::[^\]\n]{0,60})?\]|(?<!\d)90\+/g;

/** Every identifier span in the text, before merging (exported for the recall measurement). */
// Twenty-first round: a row of a two-column table is a field and its value ("| Name | Marie Cisse |",
// "| Employer | Kettle Moraine Creamery |"): the detectors read it as "Name : Marie Cisse", the label's
// cell short and wordy (no digits), the rest of the text unchanged (same length, so every offset holds).
const LABEL_ROW = /^([ \t]*\|[ \t]*\p{L}[\p{L}'’ /&.-]{0,30}?[ \t]*)\|(?=[ \t]*([^|\s-][^|\n]*?)[ \t]*(?:\|[ \t]*)?$)/gmu;

function asLabelledFields(text: string): string {
  if (!text.includes('|')) return text;
  // "| Name | Marie" becomes "| Name: Marie" (the colon right after the label, as a form writes it); not where
  // the value is one ordinary word or a year of school ("| Employer | Retired |", "| Religion | Catholic |",
  // "| School | Year 9 |": review of the round).
  return text.replace(LABEL_ROW, (row, cell: string, value: string) =>
    cell.trim().split(/\s+/).length <= 5 && !/^(?:[\p{L}-]+|Year \d+)$/u.test(value.trim()) ? `${cell.trimEnd()}:${' '.repeat(cell.length - cell.trimEnd().length)}` : row,
  );
}

export function detectSpans(original: string, terms: KnownTerm[], options: TextDeidOptions): DetectedSpan[] {
  const table = findTableCells(original);
  const text = asLabelledFields(original);
  // The detectors' spans in this order (appended one by one: no intermediate arrays to spread).
  const spans: DetectedSpan[] = findKnownSpans(text, terms);
  for (const s of table.spans) spans.push(s);
  // A generic identifier wholly inside a term's own code ("Fresenius 5008S", "IEC 62353",
  // "prothrombin G20210A") is the term's, in clinical text (the name rules' option).
  // (Twenty-first round: an account-shaped code too, "Specimen UN3373", a dangerous-goods number after a label.)
  for (const s of findFormatSpans(text)) if (!(options.detectNames && (s.kind === 'ID' || s.kind === 'ACCOUNT') && isTermCode(text, s.start, s.end, isCommonWord))) spans.push(s);
  for (const s of findAgesOver89(text)) spans.push(s);
  for (const d of findDates(text)) spans.push({ start: d.start, end: d.end, kind: 'DATE' as const, priority: 1, parsed: d.parsed });
  for (const d of findDayOnlyDates(text)) spans.push({ ...d, kind: 'DATE' as const, priority: 1 });
  for (const d of findTellingBirthYears(text)) spans.push({ ...d, kind: 'DATE' as const, priority: 1 });
  if (options.detectNames) {
    const found = withoutHl7ClinicalFields(text, findNameSpans(text, { tagger: options.tagger ?? false, learned: options.learned }));
    // A table's clinical columns ("test", "drug", "diagnosis") hold terms, not names.
    const names = withoutRanges(text, found, table.clinical);
    for (const s of names) spans.push(s);
    for (const s of appositiveAges(text, names)) spans.push(s);
    for (const s of withoutRanges(text, foreignInstitutionSpans(text), table.clinical)) spans.push(s);
  }
  const kept = alreadyDeidentified(text);
  const merged = mergeSpans(
    text,
    kept.length === 0 ? spans : spans.filter((s) => s.priority === 0 || !kept.some(([a, b]) => a < s.end && b > s.start)),
  );
  return joinAcrossOf(text, withoutOverlaps(text, widenPeople(text, widenOrganisations(text, widenPlaces(text, merged)))));
}

/** The ranges of ALREADY_DEIDENTIFIED in the text (it needs a "[" or a "90+": without either, none). */
function alreadyDeidentified(text: string): Array<readonly [number, number]> {
  const kept: Array<readonly [number, number]> = [];
  if (!text.includes('[') && !text.includes('90+')) return kept;
  // exec() on the module's regex (no match is empty): matchAll() copies the regex for each call.
  ALREADY_DEIDENTIFIED.lastIndex = 0;
  for (let m = ALREADY_DEIDENTIFIED.exec(text); m; m = ALREADY_DEIDENTIFIED.exec(text)) kept.push([m.index, m.index + m[0].length] as const);
  return kept;
}

const NAMED_KINDS = new Set(['PERSON', 'LOCATION', 'ORGANIZATION', 'ZIP']);

/**
 * The context steps widen spans over the text around them; a widening may reach into the span
 * before it ("1450 Mesa Verde Dr, Space 31" then "Space 31, Clintwood": a unit read both as the
 * address's tail and as the town's head). Overlapping names and places become one span (the first
 * one's kind); any other span keeps its characters and the one after it starts where it ends, so
 * every character is replaced once and each placeholder stands for text that is not repeated.
 * An empty span is dropped.
 */
function withoutOverlaps(text: string, spans: DetectedSpan[]): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    // An empty span would insert a placeholder for nothing (and an inverted one repeat text).
    if (s.start >= s.end) continue;
    if (!last || s.start >= last.end) out.push(s);
    else if (s.end <= last.end) continue;
    else if (NAMED_KINDS.has(last.kind) && NAMED_KINDS.has(s.kind)) out[out.length - 1] = { ...last, end: s.end, parsed: undefined };
    else {
      // The rest of the later span, from its first letter or digit after the earlier one.
      const rest = text.slice(last.end, s.end).search(/[\p{L}\p{N}]/u);
      if (rest >= 0) out.push({ ...s, start: last.end + rest, parsed: undefined });
    }
  }
  return out;
}

// HL7 v2 segments of orders, results, diagnoses and medications: their fields are codes, test names and
// values ("OBR|1||G22-570329|Troponin I|", "OBX|1|NM|Hemoglobin A1c||7.9|%"), never a name the name
// detectors should read; the person fields of any segment are read by findHl7Spans (format-patterns.ts).
const HL7_CLINICAL_LINE = /^(?:MSH|EVN|OBR|OBX|ORC|SPM|DG1|AL1|PR1|RXA|RXE|RXO|RXR|RXD|TQ1|PV2|MSA|ERR|FT1|TXA)\|.*$/gm;

function withoutHl7ClinicalFields(text: string, names: Span[]): Span[] {
  if (!text.includes('|')) return names;
  return withoutRanges(text, names, [...text.matchAll(HL7_CLINICAL_LINE)].map((m) => [m.index, m.index + m[0].length] as const));
}

/** The spans that do not lie inside one of the disjoint ranges. */
function withoutRanges(text: string, spans: Span[], ranges: ReadonlyArray<readonly [number, number]>): Span[] {
  if (ranges.length === 0) return spans;
  const index = new RangeIndex(text.length, ranges);
  return spans.filter((s) => !index.inside(s.start, s.end));
}

// "Catholic Charities of Lackawanna", "Clinique des Remparts", "Ambetter from Sunflower Health Plan":
// an organisation found in two pieces around a joiner is one name, and the joiner is part of it (a
// placeholder on each side would leave "of" between them, and say there were two).
const NAMED_OF_GAP = /^[ \t]+of[ \t]+the[ \t]+(?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]+){0,2}$/u;
const PREPOSITION_BEFORE = new RegExp(`(?:^|${OPENS_NAMED_OF})$`, 'u');
const JOINER_GAP = /^[ \t]+(?:of(?:[ \t]+the)?|for|from|des|de|du|del|della|di|da|do|van|von)[ \t]+$/i;

function joinAcrossOf(text: string, spans: DetectedSpan[]): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    // An organisation takes a place or organisation after the joiner; a place only a place. The
    // joined span keeps the first one's kind.
    const joins = last && (last.kind === 'ORGANIZATION' ? s.kind === 'ORGANIZATION' || s.kind === 'LOCATION' : last.kind === 'LOCATION' && s.kind === 'LOCATION');
    if (joins && s.start - last.end <= 12 && JOINER_GAP.test(text.slice(last.end, s.start))) {
      out[out.length - 1] = { start: last.start, end: s.end, kind: last.kind, priority: last.priority };
      continue;
    }
    // Eighteenth round: a name or place, "of the" and a name or place, after a preposition ("via
    // Lincare of the Northern Plains", "or Hospice of the Big Bend"): one organisation.
    if (
      last &&
      (last.kind === 'PERSON' || last.kind === 'LOCATION') &&
      (s.kind === 'PERSON' || s.kind === 'LOCATION' || s.kind === 'ORGANIZATION') &&
      s.start - last.end <= 30 &&
      NAMED_OF_GAP.test(text.slice(last.end, s.start)) &&
      PREPOSITION_BEFORE.test(text.slice(Math.max(0, last.start - 12), last.start))
    ) {
      out[out.length - 1] = { start: last.start, end: s.end, kind: 'ORGANIZATION', priority: last.priority };
      continue;
    }
    out.push(s);
  }
  return out;
}

// Sixteenth round: after a dash too, and before "!" ("Oskolkoff — 96, woodstove", "Claude (104!)").
const APPOSITIVE_AGE = new RegExp(
  // Eighteenth round: a sex between ("O. Bogle, F, 96 —"), a table's cell bar ("| 92 |") or a dash after
  // it ("Lavon Schwebach, 95 — O2 …", "mr o'driscoll-nkemelu 99 — CAP").
  `^\\)?\\s*(?:[,(—–|]|\\s-|\\s)\\s*(?:[MF]\\s*,\\s*)?${AGE_NUMBER}(?=\\s*[,;)!|—–]|\\s+-\\s|\\.(?!\\d)|\\s*$|\\s+(?:with|who|is|was|has|had|presents|from|and)\\b)`,
  'i',
);

// "Mr. Ng is ninety-four", "Ms. Ruiz was 101": a name said to be a number (not "… is 96 bpm").
const PREDICATE_AGE = new RegExp(`^\\s+(?:is|was|turned|turns)\\s+(?:now\\s+)?${AGE_NUMBER}(?![\\w%°]|\\.\\d|\\s*(?:%|mg|kg|lbs?|cm|bpm|\\/))`, 'i');

/** "Mr. Hamish MacLeod, 92, with ...", "Eunice Pratt (96)": a bare number after a name is an age. */
function appositiveAges(text: string, names: Span[]): Span[] {
  const out: Span[] = [];
  for (const n of names) {
    if (n.kind !== 'PERSON') continue;
    const m = APPOSITIVE_AGE.exec(text.slice(n.end, n.end + 40)) ?? PREDICATE_AGE.exec(text.slice(n.end, n.end + 40));
    if (m && ageValue(m[1]) > 89 && ageValue(m[1]) <= 130) {
      const start = n.end + m[0].length - m[1].length;
      out.push({ start, end: start + m[1].length, kind: 'AGE', priority: 1 });
    }
  }
  return out;
}

export function deidentifyText(
  text: string,
  terms: KnownTerm[],
  registry: PlaceholderRegistry,
  options: TextDeidOptions,
): string {
  const spans = detectSpans(text, terms, options);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + registry.replacement(s.kind, text.slice(s.start, s.end), s.parsed);
    at = s.end;
  }
  return out + text.slice(at);
}
