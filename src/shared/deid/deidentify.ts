/**
 * The module's entry points: deidentify() replaces every Safe Harbor identifier in free text and
 * in a patient record with stable placeholders before anything reaches the LLM; reidentify()
 * and reidentifyDeep() put the originals back into the model's answer for the authorised caller.
 */
import { DeidInput, DeidOptions, DeidResult, KnownIdentifiers, PlaceholderMap } from './deid.types';
import { chooseShiftDays } from './date-shift';
import { knownIdentifiersFromRecord, knownTerms, nameTerms, stripHonorific } from './known-identifiers';
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

export function deidentify(input: DeidInput, options: DeidOptions = {}): DeidResult {
  const known = mergeKnown(input.known ?? {}, input.record === undefined ? {} : knownIdentifiersFromRecord(input.record));
  const identity = [known.mrns?.[0], known.ids?.[0], known.patientNames?.[0], known.birthDates?.[0]].filter(Boolean).join('|');
  const registry = new PlaceholderRegistry(chooseShiftDays(options.dateShiftDays, options.salt, identity));
  // The patient is registered first so they are always [PERSON_1].
  for (const name of [...(known.patientNames ?? []), ...(known.providerNames ?? []), ...(known.otherNames ?? [])]) {
    if (name.trim()) registry.registerPerson(stripHonorific(name), nameTerms(name).map((t) => t.value));
  }
  const terms = knownTerms(known);
  const result: DeidResult = { mapping: registry.mapping(), counts: registry.counts };
  if (input.text !== undefined) result.text = deidentifyText(input.text, terms, registry, { detectNames: options.detectNames ?? true });
  if (input.record !== undefined) result.record = new RecordDeidentifier(terms, registry).walk(input.record);
  return result;
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
