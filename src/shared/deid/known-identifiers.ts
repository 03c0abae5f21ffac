/**
 * Identifiers we already know from the patient record: pulling them out of the record, and
 * matching them exactly in text (whole word, case-insensitive; phone and SSN digits whatever the
 * punctuation; names also part by part and as "Lastname, Firstname"). These run before any
 * detector, because a name the record gives us must never depend on an NLP tagger's guess.
 */
import { KnownIdentifiers, IdentifierKind, Span } from './deid.types';
import { isCommonWord } from './name-detector';
import { insideIdentifier } from './name-shape';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

function pick(obj: Rec, keys: string[]): string[] {
  return keys.map((k) => str(obj[k])).filter((v): v is string => v !== undefined);
}

/** Names of people other than the patient, wherever they sit in the record. */
const OTHER_PERSON_KEY = /(?:^|_)(?:provider|physician|prescriber|attending|doctor|clinician|nurse|author|ordered_by|ordering_provider|signed_by|contact|emergency_contact|next_of_kin|guardian|referrer|referring_provider)(?:_name)?$/i;
const PROVIDER_KEY = /provider|physician|prescriber|attending|doctor|clinician|ordering|referr|signed_by|author/i;

function collectPeople(value: unknown, known: Required<Pick<KnownIdentifiers, 'providerNames' | 'otherNames'>>): void {
  if (Array.isArray(value)) {
    value.forEach((v) => collectPeople(v, known));
    return;
  }
  if (!isRec(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const s = typeof v === 'string' ? v.trim() : undefined;
    if (s && OTHER_PERSON_KEY.test(key) && /[A-Za-z]/.test(s)) {
      (PROVIDER_KEY.test(key) ? known.providerNames : known.otherNames).push(s);
    } else {
      collectPeople(v, known);
    }
  }
}

export function knownIdentifiersFromRecord(record: unknown): KnownIdentifiers {
  const known = {
    patientNames: [] as string[],
    providerNames: [] as string[],
    otherNames: [] as string[],
    mrns: [] as string[],
    ssns: [] as string[],
    phones: [] as string[],
    emails: [] as string[],
    addresses: [] as string[],
    cities: [] as string[],
    zips: [] as string[],
    birthDates: [] as string[],
    ids: [] as string[],
  };
  if (!isRec(record)) return known;
  const patient = isRec(record.patient) ? record.patient : record;
  const first = pick(patient, ['first_name', 'given_name', 'firstName']);
  const middle = pick(patient, ['middle_name', 'middleName']);
  const last = pick(patient, ['last_name', 'family_name', 'surname', 'lastName']);
  const full = [...first, ...middle, ...last].join(' ');
  if (full) known.patientNames.push(full);
  known.patientNames.push(...pick(patient, ['name', 'full_name', 'preferred_name', 'maiden_name']));
  known.mrns.push(...pick(patient, ['mrn', 'medical_record_number']));
  known.ssns.push(...pick(patient, ['ssn', 'social_security_number']));
  known.phones.push(...pick(patient, ['phone', 'mobile', 'home_phone', 'work_phone', 'cell_phone', 'fax']));
  known.emails.push(...pick(patient, ['email']));
  known.addresses.push(...pick(patient, ['address', 'address_line1', 'address_line2', 'street']));
  known.cities.push(...pick(patient, ['city', 'county', 'town']));
  known.zips.push(...pick(patient, ['zip', 'zip_code', 'postal_code', 'postcode']));
  known.birthDates.push(...pick(patient, ['date_of_birth', 'dob', 'birth_date']));
  known.ids.push(...pick(patient, ['id', 'patient_id']));
  collectPeople(record, known);
  return known;
}

/** One thing to find in text, and what it is. `person` groups the parts of one name. */
export interface KnownTerm {
  value: string;
  kind: IdentifierKind;
  caseSensitive: boolean;
  person?: string;
  /** Found by a detector earlier in the request, not read from the record: a whole word only, never a piece of an identifier. */
  wordsOnly?: boolean;
}

/** "Dr. Priya Raman" → "Priya Raman": the title is not part of the identifier. */
export function stripHonorific(name: string): string {
  return name.trim().replace(/^(?:(?:Dr|Doctor|Mr|Mrs|Ms|Mx|Miss|Prof|Professor|Nurse)\.?\s+)+/i, '');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Name parts, full forms and "Last, First" for each person, tagged with the full name. */
export function nameTerms(name: string): KnownTerm[] {
  const fullName = stripHonorific(name);
  const parts = fullName.split(/\s+/).filter((p) => p.replace(/[^\p{L}]/gu, '').length >= 2);
  const terms: KnownTerm[] = [{ value: fullName, kind: 'PERSON', caseSensitive: false, person: fullName }];
  if (parts.length >= 2) {
    const last = parts[parts.length - 1];
    const rest = parts.slice(0, -1).join(' ');
    terms.push({ value: `${last}, ${rest}`, kind: 'PERSON', caseSensitive: false, person: fullName });
    terms.push({ value: `${last}, ${parts[0]}`, kind: 'PERSON', caseSensitive: false, person: fullName });
    terms.push({ value: `${parts[0]} ${last}`, kind: 'PERSON', caseSensitive: false, person: fullName });
  }
  for (const p of parts) {
    // "May" or "Rose" as a name part must not swallow the verb or the flower.
    terms.push({ value: p, kind: 'PERSON', caseSensitive: isCommonWord(p), person: fullName });
  }
  return terms;
}

/** `people`: nameTerms() of the known names in the order below, when the caller has them already. */
export function knownTerms(known: KnownIdentifiers, people?: KnownTerm[][]): KnownTerm[] {
  const terms: KnownTerm[] = [];
  const add = (values: string[] | undefined, kind: IdentifierKind, minLength = 2) => {
    for (const v of values ?? []) {
      if (v.trim().length >= minLength) {
        terms.push({ value: v.trim(), kind, caseSensitive: kind === 'LOCATION' && isCommonWord(v.trim()) });
      }
    }
  };
  if (people) {
    for (const p of people) terms.push(...p);
  } else {
    for (const n of [...(known.patientNames ?? []), ...(known.providerNames ?? []), ...(known.otherNames ?? [])]) {
      terms.push(...nameTerms(n));
    }
  }
  add(known.mrns, 'MRN', 3);
  add(known.ssns, 'SSN', 4);
  add(known.phones, 'PHONE', 7);
  add(known.emails, 'EMAIL');
  add(known.addresses, 'LOCATION', 4);
  add(known.cities, 'LOCATION');
  add(known.zips, 'ZIP', 3);
  add(known.birthDates, 'DATE', 6);
  // Short database ids ("42") would hit doses and lab values in prose; the record walk replaces them.
  add(known.ids, 'ID', 5);
  // The 5-digit part of a ZIP+4 stands alone too.
  for (const z of known.zips ?? []) if (/^\d{5}-\d{4}$/.test(z.trim())) terms.push({ value: z.trim().slice(0, 5), kind: 'ZIP', caseSensitive: false });
  return terms;
}

/** A pattern for one term: digits of phones/SSNs with any punctuation between them. */
function termPattern(t: KnownTerm): string {
  const digits = t.value.replace(/\D+/g, '');
  if ((t.kind === 'PHONE' || t.kind === 'SSN') && digits.length >= 7) {
    const core = t.kind === 'PHONE' && digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
    const prefix = t.kind === 'PHONE' ? '(?:\\+?1[\\s.-]?)?' : '';
    return prefix + core.split('').join('[\\s().-]{0,2}');
  }
  return t.value
    .split(/\s+/)
    .map((w) => escapeRe(w).replace(/^(Street|St\\\.?|Avenue|Ave\\\.?|Road|Rd\\\.?)$/i, (s) => streetAlt(s)))
    .join('[\\s,]+');
}

function streetAlt(word: string): string {
  const w = word.replace(/\\/g, '').replace(/\.$/, '').toLowerCase();
  if (w === 'street' || w === 'st') return '(?:Street|St\\.?)';
  if (w === 'avenue' || w === 'ave') return '(?:Avenue|Ave\\.?)';
  return '(?:Road|Rd\\.?)';
}

const STREET_WORD = /^(?:street|st\.?|avenue|ave\.?|road|rd\.?)$/i;

/**
 * What the text must contain for the term's pattern to match it (a necessary condition, checked
 * with indexOf): its digits in a row for a phone or SSN, else its longest word that is not a
 * street word, in lower case. So the regex of each term is compiled and run only where the
 * term may be, and a request with thousands of known names costs a lookup per name, not a scan.
 */
function needleOf(t: KnownTerm): { digits?: string; word: string } {
  const value = t.value.replace(/\D+/g, '');
  if ((t.kind === 'PHONE' || t.kind === 'SSN') && value.length >= 7) {
    return { digits: t.kind === 'PHONE' && value.length === 11 && value.startsWith('1') ? value.slice(1) : value, word: '' };
  }
  const words = t.value.toLowerCase().split(/\s+/).filter((w) => w && !STREET_WORD.test(w));
  return { word: words.reduce((a, w) => (w.length > a.length ? w : a), '') };
}

// One call matches the same terms against its note and every string of its record: they are
// sorted, and what each must find in a text worked out, once per terms array (again if the array
// has grown); each term's pattern is built the first time its text may occur, then kept.
interface PreparedTerm {
  t: KnownTerm;
  needle: { digits?: string; word: string };
  re?: RegExp;
}
const PREPARED = new WeakMap<KnownTerm[], { count: number; terms: PreparedTerm[] }>();
function prepared(terms: KnownTerm[]): PreparedTerm[] {
  let cached = PREPARED.get(terms);
  if (cached === undefined || cached.count !== terms.length) {
    const sorted = [...terms].sort((a, b) => b.value.length - a.value.length);
    cached = { count: terms.length, terms: sorted.map((t) => ({ t, needle: needleOf(t) })) };
    PREPARED.set(terms, cached);
  }
  return cached.terms;
}

/** Spans of every known term in the text, longest terms first so full names beat their parts. */
export function findKnownSpans(text: string, terms: KnownTerm[]): Array<Span & { person?: string }> {
  const spans: Array<Span & { person?: string }> = [];
  const lower = text.toLowerCase();
  // The text's digits, read once when a term needs them (\D+ drops a run of other characters per
  // match: \D dropped one character per match, some two thousand in a note).
  let digitsOnly: string | undefined;
  for (const p of prepared(terms)) {
    if (p.needle.digits !== undefined ? !(digitsOnly ??= text.replace(/\D+/g, '')).includes(p.needle.digits) : p.needle.word !== '' && !lower.includes(p.needle.word)) continue;
    const re = (p.re ??= new RegExp(`(?<![\\p{L}\\p{N}])${termPattern(p.t)}(?![\\p{L}\\p{N}])`, p.t.caseSensitive ? 'gu' : 'giu'));
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) break;
      if (p.t.wordsOnly && insideIdentifier(text, m.index, m.index + m[0].length)) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, kind: p.t.kind, priority: 0, person: p.t.person });
    }
  }
  return spans;
}
