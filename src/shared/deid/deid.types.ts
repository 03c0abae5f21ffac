/**
 * The shapes shared by the de-identification module: what kinds of HIPAA Safe Harbor
 * identifiers we detect, what a caller may tell us it already knows, and what comes back.
 * The PlaceholderMap holds PHI: it stays with the authorised caller and is never logged or sent.
 */

export const IDENTIFIER_KINDS = [
  'PERSON',
  'LOCATION',
  'ORGANIZATION',
  'ZIP',
  'DATE',
  'AGE',
  'PHONE',
  'FAX',
  'EMAIL',
  'SSN',
  'MRN',
  'ACCOUNT',
  'HEALTH_PLAN',
  'LICENSE',
  'URL',
  'IP',
  'VEHICLE',
  'DEVICE',
  'ID',
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** Identifiers the caller already holds (usually from the patient record); replaced exactly, first. */
export interface KnownIdentifiers {
  /** Full names ("Maria Lopez"); each part and "Lopez, Maria" are matched too. */
  patientNames?: string[];
  providerNames?: string[];
  /** Other people named in the record (relatives, contacts). */
  otherNames?: string[];
  mrns?: string[];
  ssns?: string[];
  phones?: string[];
  emails?: string[];
  addresses?: string[];
  cities?: string[];
  zips?: string[];
  /** Dates of birth in any format deidentify() can parse. */
  birthDates?: string[];
  /** Database ids and other unique numbers. */
  ids?: string[];
}

export interface PlaceholderMap {
  /** "[PERSON_1]" → the original text it stands for. */
  readonly placeholders: Record<string, string>;
  /** A shifted date exactly as shown to the model ("2020-11-17") → the original surface form. */
  readonly shiftedDates: Record<string, string>;
  /** Days added to every date; reidentify() subtracts it from dates the model wrote itself. */
  readonly dateShiftDays: number;
}

export interface DeidInput {
  text?: string;
  record?: unknown;
  known?: KnownIdentifiers;
}

export interface DeidOptions {
  /** Fixed shift; otherwise derived from `key` (or `salt`) and the patient's identity, or random. */
  dateShiftDays?: number;
  /** Secret that makes the per-patient shift stable across calls without being guessable. */
  salt?: string;
  /**
   * Server secret (e.g. derived from the PHI key) for keyed, stable shifts: with `subject` the
   * shift is HMAC(key, subject), the same for every request about that patient, so repeated
   * requests cannot average it away; without a subject it is HMAC(key, input), so a retried
   * task sends byte-identical text. Takes precedence over `salt`.
   */
  key?: string | Buffer;
  /** The patient the text is about (e.g. "patient:4711"); see `key`. */
  subject?: string;
  /** Also run the NLP tagger (compromise) on clauses the rules left open: slower, see RECALL.md. */
  tagger?: boolean;
  /**
   * false: only known identifiers, format patterns, dates and ages; no NLP name detector (source
   * code, where capitalised words are identifiers of the program, not of people). Default true.
   */
  detectNames?: boolean;
}

export interface DeidResult {
  text?: string;
  record?: unknown;
  mapping: PlaceholderMap;
  counts: Record<IdentifierKind, number>;
}

/** A detected identifier in a piece of text; end is exclusive. */
export interface Span {
  start: number;
  end: number;
  kind: IdentifierKind;
  /** Lower numbers win overlaps: known (0) > formats (1) > NLP (2). */
  priority: number;
}
