/**
 * The module's entry points: deidentify() replaces every Safe Harbor identifier in free text and
 * in a patient record with stable placeholders before anything reaches the LLM; reidentify()
 * and reidentifyDeep() put the originals back into the model's answer for the authorised caller.
 */
import { createHash } from 'node:crypto';
import { DeidInput, DeidOptions, DeidResult, KnownIdentifiers, PlaceholderMap } from './deid.types';
import { chooseShiftDays, keyedShiftDays } from './date-shift';
import { KnownTerm, knownIdentifiersFromRecord, knownTerms, nameTerms, stripHonorific } from './known-identifiers';
import { PlaceholderRegistry } from './placeholder-registry';
import { RecordDeidentifier } from './record-deidentifier';
import { deidentifyText } from './text-deidentifier';

function mergeKnown(a: KnownIdentifiers, b: KnownIdentifiers): KnownIdentifiers {
  const out: Record<string, string[]> = {};
  for (const src of [a, b]) {
    for (const [k, v] of Object.entries(src)) {
      if (Array.isArray(v)) out[k] = [...new Set([...(out[k] ?? []), ...v.filter((s) => typeof s === 'string')])];
    }
  }
  return out as KnownIdentifiers;
}

/** What identifies the patient of a call, for a shift that stays the same across calls about them. */
function identityOf(known: KnownIdentifiers): string {
  return [known.mrns?.[0], known.ids?.[0], known.patientNames?.[0], known.birthDates?.[0]].filter(Boolean).join('|');
}

/** The shift for one call: fixed, keyed by subject or by the input itself, salted, or random. */
function shiftFor(options: DeidOptions, identity: string, input: () => string): number {
  if (options.dateShiftDays !== undefined || options.key === undefined) return chooseShiftDays(options.dateShiftDays, options.salt, identity);
  const subject = options.subject ?? (identity ? `identity|${identity}` : `input|${createHash('sha256').update(input()).digest('hex')}`);
  return keyedShiftDays(options.key, subject);
}

/** Each known person's name and its terms (nameTerms), worked out once for the registry and the term list. */
function peopleOf(known: KnownIdentifiers): Array<[string, KnownTerm[]]> {
  return [...(known.patientNames ?? []), ...(known.providerNames ?? []), ...(known.otherNames ?? [])].map((name) => [name, nameTerms(name)]);
}

function registerPeople(registry: PlaceholderRegistry, people: Array<[string, KnownTerm[]]>): void {
  // The patient is registered first so they are always [PERSON_1].
  for (const [name, terms] of people) {
    if (name.trim()) registry.registerPerson(stripHonorific(name), terms.map((t) => t.value));
  }
}

export function deidentify(input: DeidInput, options: DeidOptions = {}): DeidResult {
  const known = mergeKnown(input.known ?? {}, input.record === undefined ? {} : knownIdentifiersFromRecord(input.record));
  const identity = identityOf(known);
  const registry = new PlaceholderRegistry(shiftFor(options, identity, () => JSON.stringify([input.text ?? null, input.record ?? null])));
  const people = peopleOf(known);
  registerPeople(registry, people);
  const terms = knownTerms(known, people.map(([, t]) => t));
  const result: DeidResult = { mapping: registry.mapping(), counts: registry.counts };
  const textOptions = { detectNames: options.detectNames ?? true, tagger: options.tagger };
  if (input.text !== undefined) result.text = deidentifyText(input.text, terms, registry, textOptions);
  if (input.record !== undefined) result.record = new RecordDeidentifier(terms, registry).walk(input.record);
  return result;
}

export interface FreeTextDeidResult {
  text: string;
  /** Pass it to the next call of the same request so placeholders agree across texts. */
  registry: PlaceholderRegistry;
  mapping: PlaceholderMap;
}

/**
 * One free text (a prompt, a tool result, a SQL row rendered as text) through the same detectors
 * as deidentify(). Pass the request's `registry` to keep "[PERSON_1]" the same person across all
 * its texts; text that is already de-identified keeps its placeholders as they are.
 */
export function deidentifyFreeText(
  text: string,
  options: DeidOptions & { known?: KnownIdentifiers; registry?: PlaceholderRegistry } = {},
): FreeTextDeidResult {
  const known = options.known ?? {};
  let registry = options.registry;
  if (!registry) {
    const identity = identityOf(known);
    registry = new PlaceholderRegistry(shiftFor(options, identity, () => text));
    registerPeople(registry, peopleOf(known));
  }
  // People found in the request's earlier texts are known here ("Raman" after "Dr. Priya Raman").
  const earlier = Object.entries(registry.placeholders)
    .filter(([placeholder]) => placeholder.startsWith('[PERSON_'))
    .flatMap(([, name]) => nameTerms(name).map((t) => ({ ...t, wordsOnly: true })));
  const out = deidentifyText(text, [...knownTerms(known), ...earlier], registry, { detectNames: true, tagger: options.tagger });
  return { text: out, registry, mapping: registry.mapping() };
}

const PLACEHOLDER_OR_DATE = /\[([A-Z]+(?:_[A-Z]+)?)_(\d+)(?::[^\]\n]{0,60})?\]|\b(\d{4})-(\d{2})-(\d{2})\b/g;

/**
 * Puts originals back. A bare shifted date the model repeats maps to the original's surface
 * form; a date the model computed itself ("recheck on 2020-12-17") is un-shifted, because every
 * date the model ever saw was shifted. Unknown placeholders are left as they are.
 */
export function reidentify(text: string, mapping: PlaceholderMap): string {
  return text.replace(PLACEHOLDER_OR_DATE, (whole, kind?: string, n?: string, y?: string, m?: string, d?: string) => {
    if (kind !== undefined) return mapping.placeholders[`[${kind}_${n}]`] ?? whole;
    const known = mapping.shiftedDates[whole];
    if (known !== undefined) return known;
    const t = Date.UTC(+y!, +m! - 1, +d!) - mapping.dateShiftDays * 86_400_000;
    return Number.isNaN(t) ? whole : new Date(t).toISOString().slice(0, 10);
  });
}

export function reidentifyDeep(value: unknown, mapping: PlaceholderMap): unknown {
  if (typeof value === 'string') return reidentify(value, mapping);
  if (Array.isArray(value)) return value.map((v) => reidentifyDeep(v, mapping));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [reidentify(k, mapping), reidentifyDeep(v, mapping)]));
  }
  return value;
}
