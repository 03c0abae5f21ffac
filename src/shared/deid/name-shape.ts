/**
 * Shapes that are not names in the text staff and tools write: acronyms ("ICU", "HbA1c",
 * "NSTEMI", "RNs"), intercapped product and code words ("MedCor", "PostgreSQL", "TaskRunner"),
 * and pieces of identifiers ("medcor" in medcor_db2, "tables" in list_tables). A name written
 * in such a shape is still found where the text says it is a name: after a label with a colon
 * ("Patient: NG"), after an honorific ("Dr. OH"), in a "LAST, FIRST" registration with a known
 * given name, and everywhere else once a name of that shape has been found there.
 */
import { isGazetteerName } from './name-rules';
import { hasClinicalWord, isMedicalTerm } from './medical-terms';
import { isOrganisationWord } from './organisation-words';

const ACRONYM = /^(?:\p{Lu}[\p{Lu}\p{N}]{0,4}|\p{Lu}{2,5}s)$/u;
// Intercapped name shapes that are names: McDonald, MacLeod, O'Connor, DeShawn, LaToya, VanDyke.
const NAME_PREFIX = /^(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von|St|Fitz|Ben|Al|El)\p{Lu}\p{Ll}/u;
const LABEL_BEFORE = /(?:^|[^\p{L}])(?:patient|pt|name|full name|patient name|caller|guarantor|witness|guardian|contact|next of kin|nok|insured|subscriber|attending|provider|physician|surgeon|signed|by|mother|father|wife|husband|son|daughter|interpreter|to|from|attn|re|cc|inmate|offender|detainee|resident|client|participant|subject|donor|recipient|member|employee|student|decedent|infant|child|baby|owner|sponsor|proband|claimant|beneficiary|enrollee|case|victim|parent|spouse|partner)\s*:\s*$/iu;
const RELATION_BEFORE = /(?:^|[^\p{L}])(?:wife|husband|son|daughter|mother|father|mom|dad|sister|brother|aunt|uncle|niece|nephew|partner|spouse|friend|neighbou?r|caregiver|by|with|pt|patient)\s+$/iu;
const HONORIFIC_BEFORE = /(?:^|[^\p{L}])(?:dr|mr|mrs|ms|mx|miss|prof|sr|sra|rev|fr)\.?\s+$/iu;

const words = (value: string) => value.split(/[\s,]+/).map((w) => w.replace(/['’]s$/, '').replace(/^[("']+|[)".']+$/g, '')).filter(Boolean);

/** "ICU", "CBC", "HbA1c", "NSTEMI", "GROUP", "RNs": all capitals (digits allowed) or a plural of them. */
export function isAcronymShape(word: string): boolean {
  return ACRONYM.test(word) || (/^[\p{Lu}\p{N}-]+$/u.test(word) && /\p{Lu}{2}/u.test(word) && !isGazetteerName(word));
}

/** "MedCor", "PostgreSQL", "DiagnosticReport", "BiPAP", "QTc", "IgM": capitals inside a word. */
export function isIntercapped(word: string): boolean {
  if (!(/\p{Ll}\p{Lu}/u.test(word) || /\p{Lu}{2}\p{Ll}/u.test(word)) || NAME_PREFIX.test(word) || isGazetteerName(word)) return false;
  // "JoAnn", "MaryBeth": two given names written as one.
  const halves = word.split(/(?<=\p{Ll})(?=\p{Lu})/u);
  return !(halves.length === 2 && halves.every((h) => h.length >= 2 && isGazetteerName(h)));
}

/** True when text[start, end) is a piece of a longer identifier-like token (snake_case, dotted, path, host). */
export function insideIdentifier(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 2);
  if (/[\p{L}\p{N}_]$/u.test(before) || /^[\p{L}\p{N}_]/u.test(after)) return true;
  if (/_$/.test(before) || /^_/.test(after) || /^@/.test(after)) return true;
  // Most words have no separator beside them: the patterns below only when one is there.
  const separator = (c: string | undefined) => c === '.' || c === '/' || c === '\\' || c === '-';
  if (!separator(before[before.length - 1]) && !separator(after[0])) return false;
  // Identifiers are written in lower case and digits; "J.Smith", "Ana/Luis" and "Smith-Jones" are names.
  const piece = /[\p{Ll}\p{N}_]/u;
  const value = text.slice(start, end);
  const lowerish = !/^\p{Lu}/u.test(value) || /^[\p{Lu}\p{N}_]+$/u.test(value) === false && /[_\p{N}]/u.test(value);
  const sepBefore = /([\p{L}\p{N}])[./\\-]$/u.exec(before) ?? /^()[/\\]$/u.exec(before);
  const sepAfter = /^[./\\-]([\p{L}\p{N}])/u.exec(after);
  return (sepBefore !== null && (lowerish || sepBefore[1] === '' || piece.test(sepBefore[1]))) || (sepAfter !== null && (lowerish || piece.test(sepAfter[1])));
}

/** The text itself says a name stands here: a label with a colon, an honorific, or "LAST, FIRST" with a known given name. */
export function inNamePosition(text: string, start: number, end: number, common: (w: string) => boolean = () => false): boolean {
  const lead = text.slice(Math.max(0, start - 40), start);
  if (LABEL_BEFORE.test(lead) || HONORIFIC_BEFORE.test(lead)) return true;
  const value = text.slice(start, end);
  // "WIFE MARIA AT BEDSIDE", "SEEN BY KIM": a known name after a relation or "by" in capitals.
  if (RELATION_BEFORE.test(lead) && words(value).every((w) => isGazetteerName(w))) return true;
  // "JOHN LEE" in a note written in capitals: two or more known names together.
  const ws = words(value);
  if (ws.length >= 2 && ws.every((w) => isGazetteerName(w)) && ws.some((w) => w.length >= 3)) return true;
  const comma = /^(\p{Lu}[\p{Lu}'’-]+),\s?(\p{Lu}[\p{L}'’-]+)/u.exec(value) ?? /^(\p{Lu}[\p{Lu}'’-]+)$/u.exec(value);
  if (comma && comma[2] && (isGazetteerName(comma[2]) || (isGazetteerName(comma[1]) && registrationWord(comma[2], common)))) return true;
  // "NAKASHIMA, AKIRA", "HUANG MEI-LIN", "SINGH, RAVINDER": capitals shaped like a registration
  // name (two or three words with vowels, one of five letters or more, none an ordinary word).
  const full = ws.filter((w) => !/^\p{Lu}\.?$/u.test(w));
  if (full.length >= 2 && full.length <= 3 && full.every((w) => registrationWord(w, common)) && full.some((w) => w.replace(/[-'’]/g, '').length >= 5)) return true;
  // Initials signing before a credential: "TW (RN)", "KT, LPN".
  if (/^\p{Lu}{2,3}$/u.test(value) && CREDENTIAL_AFTER.test(text.slice(end, end + 12))) return true;
  // "OKAFOR, CHIDINMA" split by the detector: the capitals before the comma are the surname.
  const next = /^,\s?(\p{Lu}[\p{L}'’-]+)/u.exec(text.slice(end, end + 40));
  // "CHEN, Mei-ling": a registration surname before a Title Case given name no lexicon knows.
  const titleGiven = next !== null && /^\p{Lu}\p{Ll}+(?:[-‐]\p{L}+)?$/u.test(next[1]) && !common(next[1].toLowerCase()) && !isMedicalTerm(next[1]) && !hasClinicalWord(next[1]) && registrationWord(value, common);
  // "ORTEGA-VILLALOBOS, J": a registration surname before an initial.
  const initialGiven = /^,\s?\p{Lu}\.?(?:\s|$)/u.test(text.slice(end, end + 5)) && registrationWord(value, common) && value.replace(/[-'’]/g, '').length >= 5;
  return (next !== null && /^[\p{Lu}'’-]+$/u.test(value) && (isGazetteerName(next[1]) || titleGiven)) || initialGiven;
}

const CREDENTIAL_AFTER = /^(?:\s*(?:\(\s*|,\s*|\/\s*)(?:RN|LPN|LVN|CNA|NP|MD|DO|PA-C|RT|CWOCN|MSW|PharmD|MLT|MLS|AuD|OTR|COTA|PTA|SLP|RRT|CRNA|CNM|DPT|LCSW|EMT|EMT-P|DDS|DMD|RDH|CMA|CPhT|RD|DPM|IBCLC|CRC|CCRP|CCRC|CPTC|LADC|SANE-A|CPO|OCN)|[ \t]+(?:RN|LPN|LVN|CNA|MLT|MLS|AuD|COTA|CRNA|CNM|DPT|LCSW|RDH|CMA|CPhT|DPM|IBCLC|EMT-P))\b/;
/** A capitalised word that may be part of a name written in capitals (not "CHEST", "PICU", "NSTEMI"). */
function registrationWord(w: string, common: (w: string) => boolean): boolean {
  const plain = w.replace(/[-'’]/g, '');
  return /^\p{Lu}[\p{Lu}'’-]+$/u.test(w) && plain.length >= 3 && /[AEIOUY]/.test(plain) && !/[^AEIOUY]{5}/.test(plain) && !isOrganisationWord(w) && !common(w.toLowerCase()) && !isMedicalTerm(w) && !hasClinicalWord(w);
}
const DOSE_AFTER = /^\s+\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|g|kg|mL|ml|L|units?|IU|mEq|mmol|%)(?![\p{L}])/u;
// "ICU, MRI, CBC": an item of a list of acronyms, not "LAST, FIRST".
const ACRONYM_LIST_BEFORE = /(?:^|[\s(])\p{Lu}[\p{Lu}\p{N}]+[a-z]?\s*,\s*$/u;
const ACRONYM_LIST_AFTER = /^\s*,\s*(?!(?:MRN|DOB|SSN|ID|AGE|SEX|DOD|ACCT)\b)\p{Lu}[\p{Lu}\p{N}]+[a-z]?(?![\p{L}\p{N}])/u;

/** A word that is never a name by itself: an acronym, an intercapped word, a product, department or language, or a hyphenated compound of such words. */
function thingWord(word: string, common: (w: string) => boolean): boolean {
  if (isAcronymShape(word) || isIntercapped(word) || isOrganisationWord(word)) return true;
  const parts = word.split(/[-‐]/);
  // "QT-prolonging", "C-section", "Mother-Baby", "CIWA-Ar": acronyms and ordinary words joined.
  return parts.length > 1 && parts.every((p) => p === '' || isAcronymShape(p) || isIntercapped(p) || isOrganisationWord(p) || common(p) || (/^\p{Ll}/u.test(p) && !isGazetteerName(p)) || /^\p{Lu}\p{Ll}?$/u.test(p));
}

/**
 * A detected name span whose every word is an acronym, intercapped, a product, department or
 * language word, outside a name position, is not a name; nor is a compass word after a floor
 * number ("4 West").
 */
export function codeShaped(text: string, start: number, end: number, common: (w: string) => boolean): boolean {
  const ws = words(text.slice(start, end));
  // "Thiamine 100 mg": one word before a dose is a drug.
  if (ws.length === 1 && DOSE_AFTER.test(text.slice(end, end + 16))) return true;
  if (ws.length === 0 || !ws.every((w) => thingWord(w, common) || /^(?:the|which|a|an)$/i.test(w))) return false;
  if (ws.every((w) => /^(?:the|which|a|an)$/i.test(w))) return false;
  const lead = text.slice(Math.max(0, start - 24), start);
  const listed = ACRONYM_LIST_BEFORE.test(lead) || ACRONYM_LIST_AFTER.test(text.slice(end, end + 24));
  return listed || !inNamePosition(text, start, end, common);
}
