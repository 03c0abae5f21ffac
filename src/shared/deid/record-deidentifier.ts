/**
 * De-identifies a patient record (the JSON our database returns) while keeping its shape:
 * identifier fields become placeholders, date fields are shifted in their own format, ages
 * over 89 become "90+", and every other string goes through the text de-identifier (with the
 * NLP name detector only for prose, so "Metformin" or "Type 2 diabetes" are never tagged).
 */
import { IdentifierKind } from './deid.types';
import { ageInYears, parseDate, shiftDate, shiftIsoString } from './date-shift';
import { KnownTerm } from './known-identifiers';
import { PlaceholderRegistry } from './placeholder-registry';
import { deidentifyText } from './text-deidentifier';

const FIELD_KINDS: Array<[RegExp, IdentifierKind]> = [
  [/^(?:id|.*_id|uuid|guid)$/i, 'ID'],
  [/(?:^|_)(?:mrn|medical_record_number)$/i, 'MRN'],
  [/(?:^|_)(?:ssn|social_security_number)$/i, 'SSN'],
  [/(?:^|_)fax$/i, 'FAX'],
  [/(?:^|_)(?:phone|mobile|telephone|tel|cell)(?:_number)?$/i, 'PHONE'],
  [/(?:^|_)email$/i, 'EMAIL'],
  [/(?:^|_)(?:zip|zip_code|postal_code|postcode)$/i, 'ZIP'],
  [/(?:^|_)(?:address|address_line\d?|street|city|county|town)$/i, 'LOCATION'],
  [/(?:^|_)(?:name|first_name|last_name|middle_name|given_name|family_name|surname|maiden_name|provider|physician|prescriber|attending|doctor|nurse)$/i, 'PERSON'],
  [/(?:^|_)(?:account|account_number|insurance_id|member_id|policy_number)$/i, 'ACCOUNT'],
  [/(?:^|_)(?:url|website|ip|ip_address)$/i, 'URL'],
];

const DATE_KEY = /(?:^|_)(?:date|dob|at|on|time|datetime|timestamp|birth|birthday)$|^(?:date|dob)_/i;
const BIRTH_KEY = /(?:^|_)(?:dob|birth|birthday|date_of_birth|birth_date)$/i;
const AGE_KEY = /^age(?:_years)?$/i;
const PROSE_MIN_LENGTH = 30;

/** What a field's key says of its value: its identifier kind, and whether it is a date, a birth date, an age. */
interface KeyInfo {
  kind: IdentifierKind | undefined;
  date: boolean;
  birth: boolean;
  age: boolean;
}

// A record has a few dozen distinct keys, met again in every call: each key's tests (up to eleven
// patterns for its kind) are run once, then remembered (bounded, as the word caches are).
const KEY_INFO = new Map<string, KeyInfo>();

function keyInfo(key: string): KeyInfo {
  let info = KEY_INFO.get(key);
  if (info === undefined) {
    if (KEY_INFO.size >= 2000) KEY_INFO.clear();
    info = { kind: FIELD_KINDS.find(([re]) => re.test(key))?.[1], date: DATE_KEY.test(key), birth: BIRTH_KEY.test(key), age: AGE_KEY.test(key) };
    KEY_INFO.set(key, info);
  }
  return info;
}

function fieldKind(key: string): IdentifierKind | undefined {
  return keyInfo(key).kind;
}

const ISO_DATE_VALUE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export class RecordDeidentifier {
  constructor(
    private readonly terms: KnownTerm[],
    private readonly registry: PlaceholderRegistry,
  ) {}

  walk(value: unknown, key = ''): unknown {
    if (Array.isArray(value)) return value.map((v) => this.walk(v, key));
    if (value instanceof Date) return this.dateValue(value.toISOString(), key);
    if (typeof value === 'object' && value !== null) {
      // As Object.fromEntries(Object.entries(value).map(...)) did, without the arrays of pairs.
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const w = this.walk(v, k);
        if (k === '__proto__') Object.defineProperty(out, k, { value: w, writable: true, enumerable: true, configurable: true });
        else out[k] = w;
      }
      return out;
    }
    if (typeof value === 'number') return this.numberValue(value, key);
    if (typeof value === 'string') return this.stringValue(value, key);
    return value;
  }

  private numberValue(value: number, key: string): unknown {
    if (keyInfo(key).age && value > 89) {
      this.registry.counts.AGE += 1;
      return '90+';
    }
    const kind = fieldKind(key);
    return kind ? this.registry.fieldPlaceholder(kind, String(value)) : value;
  }

  private stringValue(value: string, key: string): string {
    if (value.trim() === '') return value;
    if (keyInfo(key).date || ISO_DATE_VALUE.test(value)) {
      const shifted = this.dateValue(value, key);
      if (shifted !== undefined) return shifted;
    }
    const kind = fieldKind(key);
    if (kind) return this.registry.fieldPlaceholder(kind, value);
    const prose = value.length >= PROSE_MIN_LENGTH && /\s/.test(value);
    return deidentifyText(value, this.terms, this.registry, { detectNames: prose });
  }

  /** A shifted date in the field's own format; a birth date of someone 90+ hides its year too. */
  private dateValue(value: string, key: string): string | undefined {
    // parseDate() (every date pattern over the value) is pure, so it is run only where its answer
    // is read: for a birth date, or when the value is no ISO date (an ISO one returns below).
    const birth = keyInfo(key).birth;
    let parsed = birth ? parseDate(value) : undefined;
    if (birth && parsed) {
      const age = ageInYears(parsed);
      if (age !== undefined && age >= 90) {
        this.registry.counts.AGE += 1;
        return `${this.registry.fieldPlaceholder('DATE', value).slice(0, -1)}: born 90+ years ago]`;
      }
    }
    const iso = shiftIsoString(value, this.registry.dateShiftDays);
    if (iso !== undefined) {
      this.registry.counts.DATE += 1;
      this.registry.noteShiftedDate(iso.slice(0, 10), value.slice(0, 10));
      return iso;
    }
    if (!birth) parsed = parseDate(value);
    if (!parsed) return undefined;
    this.registry.counts.DATE += 1;
    const shifted = shiftDate(parsed, this.registry.dateShiftDays);
    this.registry.noteShiftedDate(shifted, value);
    return shifted;
  }
}
