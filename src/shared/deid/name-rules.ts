/**
 * Token-level name and place detection that does not depend on an NLP tagger's guess: the text
 * is split into word tokens, runs of name-like tokens are grouped, and a group becomes a person
 * or a place when there is evidence for it: a person cue before it (title, label, relation,
 * "seen by"), a credential after it, a given name or surname from the gazetteer, a non-Latin
 * script, the "First M. Last" or "LAST, FIRST" shape, a place cue ("lives in") or a place name.
 * Lower-case names are found when two gazetteer names stand together or one follows a cue.
 * Eponyms and place-named clinical terms are protected ranges no rule may cover.
 */
import { AMBIGUOUS_CREDENTIALS, CREDENTIALS } from './credentials';
import { IdentifierKind, Span } from './deid.types';
import { NAME_WORDS, PLACE_SUFFIXES, PLACE_WORDS } from './gazetteer-data';
import { withoutPossessive } from './clinical-morphology';
import { hasClinicalWord, isEponymHead, isMedicalTerm, isSymptomWord } from './medical-terms';
import { isBritishSpelling, isEnglishWord } from './english-words';
import { isOrganisationWord } from './organisation-words';
import { RESIDENCE_BEFORE } from './residence-cues';

/** "ramírez" is found as "ramirez" too: notes drop accents as often as they keep them. */
export const fold = (w: string): string =>
  w
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    // Letters NFD leaves whole: Turkish dotless i, Polish ł, Nordic ø/æ, Vietnamese đ, German ß.
    .replace(/[ıłøđðþßæœ]/g, (c) => ({ ı: 'i', ł: 'l', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ß: 'ss', æ: 'ae', œ: 'oe' })[c] ?? c);
const withFolded = (words: string) => new Set(words.split(' ').flatMap((w) => [w, fold(w)]));
const NAMES = withFolded(NAME_WORDS);
const PLACES = withFolded(PLACE_WORDS);
/** A given name or surname from the gazetteer (accents folded too). */
export const isGazetteerName = (word: string): boolean => NAMES.has(word.toLowerCase()) || NAMES.has(fold(word.toLowerCase()));
/** The gazetteer's verdict on one lower-case word as it is written: 'n' a name, 'p' a place, both, or ''. */
export const gazetteerFlags = (lower: string): string => (NAMES.has(lower) ? 'n' : '') + (PLACES.has(lower) ? 'p' : '');
// The gazetteer's sets hold tens of thousands of words: a lookup misses the processor's caches,
// so a token's answer is kept with it (asked of the same token by several rules).
const gazKey = (t: Token): boolean => (t.gaz ??= NAMES.has(t.key) || NAMES.has(t.fk));
const PLACE_SUFFIX = new RegExp(`(?:${PLACE_SUFFIXES.split(' ').join('|')})$`);

interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower case, possessive and trailing dot removed. */
  key: string;
  /** The key with accents and special letters folded ("yildirim" for "yıldırım"). */
  fk: string;
  cap: boolean;
  caps: boolean;
  lower: boolean;
  initial: boolean;
  script: boolean;
  /** Its position in the token list it was read into (what a Map from token to index gave). */
  at: number;
  /**
   * The word-list verdicts on `key`, asked of the same token many times per run (ordinary(),
   * the run's trims, the lower-case rules): each worked out once, on first asking, so the
   * shared memo Maps are looked up once per token rather than once per question.
   */
  medical?: boolean;
  clinical?: boolean;
  common?: boolean;
  /** gazKey() and gazName() of the token, kept the same way. */
  gaz?: boolean;
  gazName?: boolean;
}

const medicalToken = (t: Token): boolean => (t.medical ??= isMedicalTerm(t.key));
const clinicalToken = (t: Token): boolean => (t.clinical ??= hasClinicalWord(t.key));
/** `common` is the same test for every token of one tokenize() call: its verdict is kept with the token. */
const commonToken = (t: Token, common: CommonWordTest): boolean => (t.common ??= common(t.key));

const WORD = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’]*(?:[-‐][\p{L}\p{M}\p{N}]+[\p{L}\p{M}\p{N}'’]*)*\.?/gu;
// Any letter of a script other than Latin (Han, Cyrillic, Arabic, Ethiopic, Khmer, Lao, Myanmar,
// Sinhala, Gujarati, Gurmukhi, Canadian syllabics…): in an English note such a word is a name.
const NON_LATIN = /(?!\p{Script=Latin})\p{L}/u;
const ASCII = /^[\x00-\x7f]*$/;

/** The parts of a hyphenated word ("nakamura-holt"); most words have none, and skip the split. */
function hyphenParts(word: string): string[] {
  return word.includes('-') || word.includes('‐') ? word.split(/[-‐]/) : [word];
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // exec() on the module's regex: matchAll() copies the regex and goes through an iterator per call.
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    let t = m[0];
    // A trailing dot is an abbreviation's ("Dr.", "M.") only for short tokens; otherwise the sentence's.
    if (t.endsWith('.') && t.length > 3 && !/^(?:St|Mt|Ft)\.$/.test(t)) t = t.slice(0, -1);
    const lower = withoutPossessive(t.toLowerCase());
    const key = lower.endsWith('.') ? lower.slice(0, -1) : lower;
    // ASCII letters are all Latin and fold to themselves: the Unicode tests only for other words.
    const ascii = ASCII.test(t);
    const script = !ascii && NON_LATIN.test(t);
    // An ASCII token opens with a letter, so its case is one comparison; other tokens ask Unicode.
    const upper = ascii ? t.charCodeAt(0) <= 90 : /^\p{Lu}/u.test(t);
    out.push({
      text: t,
      start: m.index,
      end: m.index + t.length,
      key,
      fk: !ascii && /[^\x00-\x7f]/.test(key) ? fold(key) : key,
      script,
      // "al-Rashid", "leRoux", "vanChis": a lower-case particle glued to a capitalised name.
      cap: (upper || /^(?:al|el|van|von|de|da|di|du|le|la|bin|ibn|mc|mac)[-‐'’]?\p{Lu}/u.test(t)) && !/\d/.test(t),
      caps: upper && t.length > 1 && /^\p{Lu}[\p{Lu}'’-]+\.?$/u.test(t),
      lower: ascii ? !upper : /^\p{Ll}/u.test(t),
      initial: ascii ? upper && (t.length === 1 || (t.length === 2 && t[1] === '.')) : /^\p{Lu}\.?$/u.test(t),
      at: out.length,
      // Present from the start, so every token keeps one object shape when they are filled in.
      medical: undefined,
      clinical: undefined,
      common: undefined,
      gaz: undefined,
      gazName: undefined,
    });
  }
  return out;
}

// People named by their part in a journey, a rescue or a death ("Passenger", "Casualty", "Deceased"),
// and kin words English notes borrow from other languages and dialects ("kokum", "aunty", "abuela").
const KIN_AND_ROLES = `passenger passengers casualty traveller traveler shipmate crewmate deceased pilot hiker climber
  kokum mosom aunty auntie nana nanna granny gran grandad granddad grampa gramma papa mama abuela abuelo tia tio tía tío oma opa
  lola lolo bubbe zayde amma appa ammi nani nanaji dadi abuelita babushka`;
const HONORIFICS = new Set(
  'dr dr. doctor mr mr. mrs mrs. ms ms. mx miss prof prof. professor sr sra dra herr frau mme mlle rev rev. fr fr. sister nurse pastor father mister madam señor señora sig signora dott'.split(' '),
);
// Words after which the next name-like run is a person ("Patient:", "seen by", "wife", "I,").
const PERSON_CUES = new Set(
  `patient pt pts name names caller guarantor witness interpreter partner attending resident physician provider surgeon pathologist
  pcp consultant cc signed by from to attn re dear hi hello hey regards sincerely thanks contact kin nok guardian caregiver carer
  wife husband son daughter mother mom mum father dad sister brother aunt uncle nephew niece cousin grandson granddaughter
  grandmother grandfather grandma grandpa girlfriend boyfriend fiancé fiancee fiance friend neighbor neighbour roommate stepson
  stepdaughter stepmother stepfather sibling spouse widow widower colleague coworker landlord pastor member insured subscriber
  ordering referring dictated transcribed reviewed approved notified called spoke with per seen by and member inmate resident
  anesthesia assistant assisted accepting delivering pediatrician pharmacist therapist bystander crew rn lpn np pa md do
  scribe circ circulator scrub anes anesthesiologist crna tech technician technologist cna therapist driver chaplain coordinator
  author reviewer verified informant decedent proband student employee claimant recipient sitter aide vaccinator examiner
  counselor counsellor dietitian nutritionist midwife doula supervisor manager officer deputy trooper
  client participant subject donor co-worker coworkers fiancée godmother godfather godparent foster landlady housemate flatmate
  companion sponsor advocate volunteer prescriber investigator physiologist audiologist optometrist podiatrist dentist hygienist
  owner mentor tutor babysitter nanny stepsister stepbrother half-sister half-brother grandparent great-grandmother ex ex-wife
  ex-husband ex-partner ex-boyfriend ex-girlfriend rep representative
  ${KIN_AND_ROLES}`.split(/\s+/),
);
// Role words that open a capitalised run and name the rest ("Participant PENGELLY Osric", "Donor Siti
// binti Osman"): dropped from the run, which the cue then vouches for.
const ROLE_LEAD = new Set(
  `participant client subject donor inmate resident recipient caller interpreter investigator coordinator prescriber counsellor counselor sponsor advocate volunteer owner mother father stepmother stepfather grandmother grandfather godmother godfather cousin fiancé fiancée landlady landlord roommate housemate companion guardian informant decedent proband claimant ${KIN_AND_ROLES}`.split(/\s+/),
);
// Welsh "ap"/"ab" and "ferch", Malay "binti", Māori "te", Berber "aït", Faroese "í", German "zu" open a surname as "van" does.
const PARTICLES = new Set('van von der den de del della di da du la le dos das bin ibn al el ter ten uí ní ó mac st st. aan upon sur sous am im op ap ab binti binte bint te ait aït ferch verch zu í'.split(' '));
// "Serra i Puig", "Ruiz y Pérez", "Silva e Costa": a conjunction joining two surnames, between Title Case words only.
const SURNAME_CONJUNCTIONS = new Set(['i', 'y', 'e']);
// Words that open place names ("Lake Lysanneberg", "Port Efrain"): kept when the rest is a place.
const PLACE_PREFIXES = new Set('north south east west new lake port fort mount mt mt. san santa saint st st. el la los las le glen bay cape old upper lower great little grand palm royal'.split(' '));
// Lower-case words after which a lower-case unknown word is a name ("aunt ruth", "hi dr janeček").
const LOWER_CUES = new Set(
  `pt patient name caller dear hi hello wife husband son daughter mother mom mum father dad sister brother aunt uncle nephew niece
  cousin grandson granddaughter grandmother grandfather girlfriend boyfriend friend neighbor neighbour partner spouse mr mrs ms dr miss by
  driver supervisor counselor counsellor tech technician aide sitter scribe chaplain interpreter coach teacher examiner photographer
  specialist pct caregiver carer roommate fiance fiancee landlord boss coworker student resident decedent proband client informant
  employee claimant recipient child infant baby subject co-worker fiancée godmother godfather foster landlady housemate flatmate
  companion sponsor advocate volunteer participant donor stepmother stepfather stepson stepdaughter grandma grandpa grandparent
  ex ex-wife ex-husband ex-boyfriend ex-girlfriend inmate mentor nanny babysitter rep representative nan signed countersigned
  ${KIN_AND_ROLES}`.split(/\s+/),
);
// Titles written with a full stop in lower case ("mrs. przybylski", "dr. oyelaran").
const ABBREVIATED_TITLES = new Set(['mr', 'mrs', 'ms', 'dr']);
// Cue words that are labels in a form ("Name:", "Pt:") and ordinary words or verbs elsewhere.
const LABEL_WORDS = new Set('pt patient name names caller student resident decedent proband client informant employee claimant recipient child infant baby subject'.split(' '));
// A clause-opening unknown word followed by one of these is a person ("Thiago says ...").
const PERSON_VERB =
  /^['’]?s?\s+(?:says|said|reports|reported|states|stated|is|was|has|had|called|calls|denies|denied|presents|presented|lives|lived|works|worked|will|would|agrees|agreed|wants|wanted|prefers|notes|noted|feels|felt|asked|asks|declined|declines|came|arrived|returned|returns|visited|visits|brought|took|takes|needs|needed|knows|thinks|thought|lost|fell|went|drove|told|tells|understands|verbalized|expressed|signed|requested|requests)\b|^['’]s\s+(?:mother|father|mom|dad|wife|husband|son|daughter|sister|brother|partner|family|friend|caregiver|chart|room|phone|number|address)\b/;
const PLACE_LABEL = /\b(?:[Hh]ometown|HOMETOWN|[Cc]ity|CITY|[Tt]own|TOWN|[Rr]esidence|[Bb]irthplace|BIRTHPLACE|[Pp]lace of (?:birth|death|residence|injury)|[Cc]ity of (?:birth|residence)|[Vv]illage|[Mm]unicipality|[Cc]ounty of residence|[Cc]ounty|COUNTY|[Pp]arish|[Bb]orough|[Hh]ome ?town|[Aa]ddress|ADDRESS|[Ss]uburb|SUBURB|[Ll]ocality|[Tt]ownship|[Pp]rovince|[Nn]eighbou?rhood)\s*:\s*$/;
const PLACE_CUES = new Set('in from to near at of outside around visiting lives live moved'.split(' '));
// Capitalised words that open or close a name-like run in notes but are never names.
const NOT_NAMES = new Set(
  `the a an and or of for with without to in on at by from re attn pt patient name dob mrn ssn age sex male female mr mrs ms dr hx dx rx tx sx
  cc hpi ros pmh psh fh sh plan assessment impression findings history exam ed er icu or pacu ob gyn l&d sw rn md np pa cm
  monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight am pm jan feb mar apr may jun jul aug
  sep sept oct nov dec i ii iii iv v vi vii viii ix x xi xii january february march april june july august september october november december
  lot hosp acc acct ref urn udi`.split(/\s+/),
);

// Ordinary words that are also given names or surnames but never stand as one in lower-case text.
const LOWER_STOP = new Set('the and for but not you all any can had her him his its may will one our out see she who why how new now old way day get has let put say too use man men'.split(' '));
// Verbs that are also given names: "son will call", "wife drew up".
const MODALS = new Set('will drew may sue pat rob mark'.split(' '));
const PLACE_AFTER = /^\s+(?:native|natives|resident|residents|area\b)/;
const LOWER_PLACE_CUES = new Set('in from to near outside'.split(' '));
const STATE_CODES = new Set(
  // US states, then Canadian provinces and Australian states ("Moose Factory ON", "Yeppoon QLD 4703").
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IA KS KY LA ME MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR RI SC SD TN TX UT VT VA WA WV WI WY DC BC QC NU YT NL ON AB MB NB NS PE SK NT NSW QLD VIC TAS SA ACT'.split(' '),
);
// Codes that are also words or clinical abbreviations ("on", "AB" abdomen, "PE", "NB", "SA" node, "ACT").
const AMBIGUOUS_STATES = new Set('AL CO DE HI ID IN LA MA ME MS NE OK OR SC ON AB MB NB NS PE SK NT SA ACT'.split(' '));

// Head words of things named after people or places: "Maria Hospital" is not "Maria Hospital" the person.
const THING_WORDS = new Set(
  'hospital clinic center centre street road avenue lane drive county city church school university college pharmacy hall building house home park memorial institute group foundation'.split(' '),
);

const MONTHS_AND_DAYS = new Set('jan may june april august march monday friday sunday'.split(' '));

/** An ordinary word to a reader: in the shared lexicon, a medical term, or a clinical noun. */
export type CommonWordTest = (word: string) => boolean;

interface Group {
  tokens: Token[];
  start: number;
  end: number;
}

function isNameLike(t: Token): boolean {
  if (t.script) return true;
  if (t.initial) return true;
  // Two capitals without a dot are abbreviations and state codes ("RN", "IV", "VA"), not names.
  if (t.caps && /^[A-Z]{2}\.?$/.test(t.text)) return false;
  // Australian states in three capitals follow a town as "IL" does ("Yeppoon QLD 4703").
  if (/^(?:NSW|QLD|VIC|TAS|ACT)$/.test(t.text)) return false;
  return t.cap && !NOT_NAMES.has(t.key) && !HONORIFICS.has(t.key) && !HONORIFICS.has(`${t.key}.`);
}

/** Runs of name-like tokens separated by one space (or ", " inside "LAST, FIRST"), per line. */
function groups(text: string, tokens: Token[]): Group[] {
  const out: Group[] = [];
  let cur: Token[] = [];
  const flush = () => {
    if (cur.length) out.push({ tokens: cur, start: cur[0].start, end: cur[cur.length - 1].end });
    cur = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const nameLike =
      isNameLike(t) ||
      (PARTICLES.has(t.key) && tokens.slice(i + 1, i + 4).some((n) => n.cap)) ||
      // Portuguese "do" inside a name ("Priscila Do Nascimento"), never opening one ("Do Not Resuscitate").
      (t.key === 'do' && cur.length > 0 && cur[cur.length - 1].cap && !cur[cur.length - 1].caps && next !== undefined && next.cap && !next.caps && !NOT_NAMES.has(next.key) && text.slice(cur[cur.length - 1].end, t.start) === ' ' && text.slice(t.end, next.start) === ' ') ||
      (SURNAME_CONJUNCTIONS.has(t.text) && cur.length > 0 && cur[cur.length - 1].cap && !cur[cur.length - 1].caps && next !== undefined && next.cap && !next.caps && text.slice(cur[cur.length - 1].end, t.start) === ' ' && text.slice(t.end, next.start) === ' ') ||
      // "Jan Kowalski", "Bouschen, Jan": a month or weekday word standing in a name.
      // "XU, DELLA", "HO, SUSIE": a two-letter surname in capitals before a known given name.
      (t.caps && /^[A-Z]{2}$/.test(t.text) && !STATE_CODES.has(t.text) && next !== undefined && next.caps && gazKey(next) && /^,\s?$/.test(text.slice(t.end, next.start))) ||
      (t.cap && MONTHS_AND_DAYS.has(t.key) && ((next && next.cap && !NOT_NAMES.has(next.key) && text.slice(t.end, next.start) === ' ') || (cur.length > 0 && /^,\s?$/.test(text.slice(cur[cur.length - 1].end, t.start)))));
    if (!nameLike) {
      flush();
      continue;
    }
    if (cur.length) {
      const gap = text.slice(cur[cur.length - 1].end, t.start);
      const prev = cur[cur.length - 1];
      // "LAST, FIRST" and "Last, First" (both known names) are one name; a list of names is not.
      const lastFirst =
        /^,\s?$/.test(gap) &&
        !cur.slice(0, -1).some((c) => text.slice(c.end, c.end + 1) === ',') &&
        // "Haraldsson, Ingrid": an unknown surname before a known given name (not "Paris, Texas").
        ((prev.caps && t.caps) ||
          ((gazKey(t) || (/[-‐]/.test(t.key) && hyphenParts(t.fk).every((p) => NAMES.has(p)))) && !PLACES.has(t.key) && !cur[0].initial && (gazKey(prev) || !prev.caps || prev.key.length >= 3)) ||
          // "Pengelly, Osric Q.": Title Case surname, given name and a middle initial, whatever the names.
          (cur.length === 1 && !prev.caps && !t.caps && next !== undefined && next.initial && /\.$/.test(next.text) && text.slice(t.end, next.start) === ' ' && !PLACES.has(t.key) && !PLACES.has(prev.key)));
      if (!/^[ \t]$/.test(gap) && !lastFirst) flush();
    }
    cur.push(t);
  }
  flush();
  return out;
}

export interface NameRuleContext {
  text: string;
  common: CommonWordTest;
  protectedRanges: Array<[number, number]>;
  /** A word the lexicon knows as a noun or a surname ("snow", "price", "hart"), not a verb, adjective or function word. */
  nounish?: CommonWordTest;
}

function previousWords(tokens: Token[], i: number, n: number): Token[] {
  return tokens.slice(Math.max(0, i - n), i);
}

/** Person and place spans found by token rules. */
export function findNameRuleSpans(ctx: NameRuleContext): Span[] {
  const { text, common } = ctx;
  const tokens = tokenize(text);
  const spans: Span[] = [];
  // A run that reaches into a protected term keeps its other words ("Patient Ana Lyme disease").
  const push = (start: number, end: number, kind: IdentifierKind) => {
    let at = start;
    for (const [a, b] of ctx.protectedRanges.filter(([a, b]) => a < end && b > start).sort((x, y) => x[0] - y[0])) {
      if (a > at && nameBearing(text.slice(at, a))) spans.push({ start: at, end: a, kind, priority: 2 });
      at = Math.max(at, b);
    }
    if (end > at && (at === start || nameBearing(text.slice(at, end)))) spans.push({ start: at, end, kind, priority: 2 });
  };
  // What is left of a run beside a protected term is a name only if some word in it could be one
  // ("Preparation Scale" beside "Boston Bowel" is not; neither is an abbreviation like "IUD").
  const nameBearing = (piece: string) =>
    tokenize(piece).some((t) => t.script || (t.cap && !/^[A-Z]{2,4}$/.test(t.text) && !commonToken(t, common) && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key)));
  const gazName = (t: Token) => (t.gazName ??= gazKey(t) || hyphenParts(t.fk).every((p) => NAMES.has(p.replace(/^o['’]/, ''))));
  const ordinary = (t: Token) => commonToken(t, common) || medicalToken(t) || clinicalToken(t) || NOT_NAMES.has(t.key);

  for (const g of groups(text, tokens)) {
    // "Orange CA", "Florence SC 29501": a town before a state code, even an ordinary word. A
    // code that is also a word ("OR", "IN", "ME") needs words no lexicon knows; "MD" and "PA"
    // follow names as credentials and are left to the rules below.
    const town = g.tokens.filter((t, k) => k > 0 || !(NOT_NAMES.has(t.key) || HONORIFICS.has(t.key) || HONORIFICS.has(`${t.key}.`)));
    const state = town.length > 0 ? tokens[town[town.length - 1].at + 1] : undefined;
    if (
      state !== undefined &&
      text.slice(town[town.length - 1].end, state.start) === ' ' &&
      STATE_CODES.has(state.text.replace(/\.$/, '')) &&
      /^(?:$|[\s,.;)]|\s*\d{5})/.test(text.slice(state.end, state.end + 7)) &&
      (!AMBIGUOUS_STATES.has(state.text.replace(/\.$/, '')) || town.every((t) => !ordinary(t))) &&
      // In capitals ("LIVES IN TIFTON GA", "HAZARD KY 41701") only after a place word or before a ZIP.
      !town.some((t) => (t.caps && !capsTownCue(text, town[0].start, state.end)) || t.initial || medicalToken(t) || clinicalToken(t) || NOT_NAMES.has(t.key))
    ) {
      push(town[0].start, town[town.length - 1].end, 'LOCATION');
      continue;
    }
    // Drop leading and trailing ordinary words and honorifics ("Seen", "Dr.") from the run.
    let toks = g.tokens;
    // "Rusty Gold, AuD", "Grace Price RN": a known given name and a second Title Case word before a
    // credential are a name even when both are ordinary words.
    {
      const last = toks[toks.length - 1];
      const cred = tokens[last.at + 1];
      if (
        toks.length >= 2 &&
        toks.length <= 3 &&
        cred !== undefined &&
        CREDENTIALS.has(cred.key) &&
        !AMBIGUOUS_CREDENTIALS.has(cred.key) &&
        /^(?:,?\s?\(?|\s?\/\s?)$/.test(text.slice(last.end, cred.start)) &&
        gazName(toks[0]) &&
        toks.every((t) => t.cap && !t.caps && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key) && !THING_WORDS.has(t.key) && !HONORIFICS.has(t.key) && !CREDENTIALS.has(t.key))
      ) {
        push(toks[0].start, last.end, 'PERSON');
        continue;
      }
    }
    // "CST Brannigan", "CNA Yesenia": a credential in capitals opening the run names the rest.
    const credLead = toks.length > 1 && toks[0].caps && CREDENTIALS.has(toks[0].key) && !AMBIGUOUS_CREDENTIALS.has(toks[0].key) && !toks[1].caps;
    if (credLead) toks = toks.slice(1);
    // Right after a label or relation ("Patient Dang Thi Hoa") or a residence cue ("lives in
    // Orange"), an ordinary word opening the run is still part of the name.
    const lead = previousWords(tokens, toks[0].at, 1)[0];
    // "from Twin Falls", "in Bowling Green", "Houma native": Title Case words after a place word
    // (two or more) or before "native"/"resident" are a place even when each word is ordinary.
    const lastTok = toks[toks.length - 1];
    const titleRun = toks.every((t) => t.cap && !t.caps && !NOT_NAMES.has(t.key) && !medicalToken(t) && !clinicalToken(t) && !THING_WORDS.has(t.key));
    const placeRun =
      titleRun &&
      ((toks.length >= 2 && lead !== undefined && lead.lower && PLACE_CUES.has(lead.key) && !/:\s*$/.test(text.slice(lead.end, toks[0].start))) || PLACE_AFTER.test(text.slice(lastTok.end, lastTok.end + 12)));
    // After a place label ("Address: Wheeling", "City: Mobile") an ordinary word is the place, as after a residence cue.
    const residenceRun = placeRun || RESIDENCE_BEFORE.test(text.slice(Math.max(0, toks[0].start - 40), toks[0].start)) || PLACE_LABEL.test(text.slice(Math.max(0, toks[0].start - 24), toks[0].start));
    const cuedRun = residenceRun || (lead !== undefined && PERSON_CUES.has(lead.key));
    const weak = (t: Token) => (cuedRun ? NOT_NAMES.has(t.key) || medicalToken(t) || clinicalToken(t) : ordinary(t) && !gazName(t));
    while (toks.length && !toks[0].script && !toks[0].initial && !PARTICLES.has(toks[0].key) && !(PLACE_PREFIXES.has(toks[0].key) && toks.length > 1 && !weak(toks[1])) && (HONORIFICS.has(toks[0].key) || HONORIFICS.has(`${toks[0].key}.`) || weak(toks[0]) || (ROLE_LEAD.has(toks[0].key) && toks.length > 1 && !toks[1].initial))) toks = toks.slice(1);
    // A Title Case ordinary word right after a known given name is a surname ("Lucy Baker",
    // "Hope Price"), unless it is clinical, a month or day, or names a thing ("Maria Hospital").
    const surnameAfterGiven = (k: number) =>
      k > 0 && toks[k - 1].cap && !toks[k - 1].caps && gazName(toks[k - 1]) && (cuedRun || !ordinary(toks[k - 1])) && toks[k].cap && !toks[k].caps && /^\p{Lu}\p{Ll}+$/u.test(toks[k].text) && !medicalToken(toks[k]) && !clinicalToken(toks[k]) && !NOT_NAMES.has(toks[k].key) && !THING_WORDS.has(toks[k].key);
    // A word after a particle is the surname it opens ("van den Berg", "de la Rosa"), even an ordinary one.
    const afterParticle = (k: number) => k > 0 && PARTICLES.has(toks[k - 1].key) && toks[k].cap && !clinicalToken(toks[k]);
    while (toks.length && !toks[toks.length - 1].script && !toks[toks.length - 1].initial && !afterParticle(toks.length - 1) && (CREDENTIALS.has(toks[toks.length - 1].key) || (residenceRun ? weak(toks[toks.length - 1]) : ordinary(toks[toks.length - 1]) && !gazName(toks[toks.length - 1]) && !surnameAfterGiven(toks.length - 1)))) toks = toks.slice(0, -1);
    if (toks.length === 0) continue;
    const start = toks[0].start;
    const end = toks[toks.length - 1].end;
    const before = previousWords(tokens, toks[0].at, 2).map((t) => t.key);
    const prevRaw = text.slice(Math.max(0, start - 3), start);
    const after = tokens[toks[toks.length - 1].at + 1];
    const afterGap = after ? text.slice(end, after.start) : '';
    const honorific = before.length > 0 && (HONORIFICS.has(before[before.length - 1]) || HONORIFICS.has(`${before[before.length - 1]}.`));
    // "CST Brannigan", "CNA Yesenia": a credential in capitals right before the run names its holder.
    const credBefore = previousWords(tokens, toks[0].at, 1)[0];
    const credentialCue = credBefore !== undefined && credBefore.caps && CREDENTIALS.has(credBefore.key) && !AMBIGUOUS_CREDENTIALS.has(credBefore.key) && /^[ \t]$/.test(text.slice(credBefore.end, start));
    const cue = before.some((w) => PERSON_CUES.has(w)) || honorific || credentialCue || credLead;
    const credential = after !== undefined && /^(?:,?\s?\(?|\s?\/\s?)$/.test(afterGap) && CREDENTIALS.has(after.key);
    const words = toks.filter((t) => !t.initial && !PARTICLES.has(t.key));
    const hasScript = toks.some((t) => t.script);
    const gaz = words.filter((t) => gazName(t) && !ordinary(t));
    // After a cue even an ordinary word that is also a name is one ("wife Rose", "son Will").
    const cuedName = cue && words.length > 0 && words.every((t) => gazName(t) || !ordinary(t) || surnameAfterGiven(toks.indexOf(t)));
    const unknown = words.filter((t) => !ordinary(t) || afterParticle(toks.indexOf(t)));
    // "E. Hills": an initial before a capitalised word, unless it is a germ ("S. Aureus").
    const initialFirst = toks.length >= 2 && toks[0].initial && /\.$/.test(toks[0].text) && !medicalToken(toks[1]);
    const middleInitial = toks.length >= 3 && toks.some((t, i) => t.initial && i > 0 && i < toks.length - 1);
    const lastFirst = toks.length >= 2 && text.slice(toks[0].end, toks[0].end + 1) === ',';
    // "Hometown: Ozona", "City: Mexia", "Place of birth: Trabzon": a place label and its colon.
    const placeLabel = PLACE_LABEL.test(text.slice(Math.max(0, start - 24), start));
    const placeCue = (before.length > 0 && PLACE_CUES.has(before[before.length - 1]) && !/[:]\s*$/.test(prevRaw)) || placeLabel;
    const placeWord = words.some((t) => (PLACES.has(t.key) || PLACE_SUFFIX.test(t.key)) && !ordinary(t));
    const county = after !== undefined && /^(?:County|Parish|Borough|Co\.)$/.test(after.text);
    if (words.length === 0 && !hasScript) continue;
    if (county) {
      push(start, after.end, 'LOCATION');
      continue;
    }
    // After "lives in", "moved to", "originally from" even an ordinary word is a place ("Orange").
    const residence = placeRun || RESIDENCE_BEFORE.test(text.slice(Math.max(0, start - 40), start));
    const placeCueWord = placeRun || (placeLabel && !words.some((t) => medicalToken(t) || clinicalToken(t))) || (placeCue && (residence || words.every((t) => PLACES.has(t.key))) && !words.some((t) => medicalToken(t) || clinicalToken(t)));
    if (unknown.length === 0 && !hasScript && !initialFirst && !cuedName && !placeCueWord && !(honorific && words.length > 0)) continue;
    // "KB Mahlangu, PA-C": two capitals signing before a surname and a credential are initials.
    const initials = tokens[toks[0].at - 1];
    if (credential && initials !== undefined && /^[A-Z]{2}$/.test(initials.text) && !STATE_CODES.has(initials.text) && !NOT_NAMES.has(initials.key) && !CREDENTIALS.has(initials.key) && text.slice(initials.end, start) === ' ' && !/[\p{L}\p{N}]\s*$/u.test(text.slice(Math.max(0, initials.start - 2), initials.start))) {
      push(initials.start, end, 'PERSON');
      continue;
    }
    // "van den Berg", "de la Rosa": a lower-case particle opening a run of capitalised words is a surname's.
    const particleName = toks.length >= 2 && toks[0].lower && PARTICLES.has(toks[0].key) && toks.some((t, k) => afterParticle(k)) && !/^(?:de|la|le|di|da|du|el|al|am|im|op|sur)$/.test(toks[0].key);
    if (hasScript || credential || honorific || particleName || initialFirst || middleInitial || lastFirst || cuedName || (cue && unknown.length > 0) || gaz.length > 0) {
      push(start, end, placeWord && gaz.length === 0 && !cue && !credential ? 'LOCATION' : 'PERSON');
    } else if (placeWord || placeCueWord || (placeCue && (unknown.length > 0 || (words.length >= 2 && !words.some((t) => medicalToken(t) || clinicalToken(t)))))) {
      // "from Golden Valley": a Title Case run after a place word is a proper name even when each
      // word is ordinary; clinical runs ("to Intensive Care") are not.
      push(start, end, 'LOCATION');
    } else if (aloneOnLine(text, start, end) && unknown.some((t) => !/^[A-Z]{2,4}$/.test(t.text))) {
      // A signature or addressee line holding only a name ("Thiago", "— Krystal Paulse").
      push(start, end, 'PERSON');
    } else if (unknown.length > 0 && (!startsSentence(text, start) || PERSON_VERB.test(text.slice(end, end + 24)))) {
      // A capitalised word no lexicon knows, mid-sentence: a name more often than not in notes.
      push(start, end, 'PERSON');
    }
  }
  // A lower-case run of surnames before (or taking in) a head noun is an eponym written in lower
  // case ("hx of hartmann procedure", "bouchard nodes", "lou gehrig's disease"), not a name.
  // A person cue before the run outranks that ("aunt ruth disease free").
  const lowerPush = (start: number, end: number, kind: IdentifierKind) => {
    const cue = /([\p{L}]+)\.?[ \t]+$/u.exec(text.slice(Math.max(0, start - 20), start));
    const cued = cue !== null && (LOWER_CUES.has(cue[1].toLowerCase()) || CREDENTIALS.has(cue[1].toLowerCase()));
    const words = text.slice(start, end).split(/[\s,]+/);
    const next = /^[ \t]+([\p{L}-]+)/u.exec(text.slice(end, end + 40));
    if (!cued && (words.slice(1).some((w) => isEponymHead(w)) || (next && isEponymHead(next[1])))) return;
    // A verb's participle after a kin word is what they did, not who they are ("husband notified", "partner
    // informed", "sister visiting"): one English word ending in -ed or -ing.
    if (words.length === 1 && /(?:ed|ing)$/.test(words[0]) && isEnglishWord(words[0].toLowerCase())) return;
    // Twentieth round: nor is a British spelling of an ordinary word ("driver licence", "husband's colour").
    if (words.length === 1 && isBritishSpelling(words[0].toLowerCase())) return;
    push(start, end, kind);
  };
  lowerCaseNames(text, tokens, common, lowerPush, ctx.nounish ?? (() => false));
  headerSlotNames(text, common, push);
  return spans;
}

// A header line of a message or a form whose value is people: "From:", "To:", "Cc:", "Bcc:", "Reply-To:".
const HEADER_LINE = /^[ \t>]*(?:From|FROM|from|To|TO|to|Cc|CC|cc|Bcc|BCC|bcc|Reply-To|Sender|Recipients?|Attn|ATTN|attn)[ \t]*:[ \t]*([^\n]+)$/gm;

/**
 * Every item of a header line's list ("To: Lamunu Atim; Gatluak Chuol", "Cc: kiprotich chebet") is a
 * person, in any case, when each of its words could be a name (a known name, or a word no lexicon,
 * clinical list or department list knows): "To: all staff", "From: Pharmacy", "Cc: PCP" are not.
 */
function headerSlotNames(text: string, common: CommonWordTest, push: (s: number, e: number, k: IdentifierKind) => void): void {
  if (!/(?:from|to|cc|attn|sender|recipients?)[ \t]*:/i.test(text)) return;
  HEADER_LINE.lastIndex = 0;
  for (let m = HEADER_LINE.exec(text); m; m = HEADER_LINE.exec(text)) {
    const valueAt = m.index + m[0].length - m[1].length;
    // Items end at a separator or an address in angle brackets.
    for (const item of m[1].matchAll(/[^;,<>\n]+/g)) {
      const words = tokenize(item[0]).filter((t) => !HONORIFICS.has(t.key) && !HONORIFICS.has(`${t.key}.`));
      if (words.length === 0 || words.length > 4 || /\d|@/.test(item[0]) || !words.every((t) => headerNameWord(t, common))) continue;
      push(valueAt + item.index + words[0].start, valueAt + item.index + words[words.length - 1].end, 'PERSON');
    }
  }
}

function headerNameWord(t: Token, common: CommonWordTest): boolean {
  if (t.initial || t.script) return true;
  if (/^[A-Z]{2,4}$/.test(t.text) && !gazKey(t)) return false;
  const plain = !commonToken(t, common) && !isOrganisationWord(t.key) && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key) && !CREDENTIALS.has(t.key) && !THING_WORDS.has(t.key);
  return plain && (gazKey(t) || /[aeiouyà-ÿ]/.test(t.fk)) && t.key.length >= 2;
}

function capsTownCue(text: string, start: number, stateEnd: number): boolean {
  return RESIDENCE_BEFORE.test(text.slice(Math.max(0, start - 40), start)) || /\b(?:IN|FROM|NEAR|OUTSIDE|TO)\s+$/.test(text.slice(Math.max(0, start - 8), start)) || /^,?\s*\d{5}(?:-\d{4})?\b/.test(text.slice(stateEnd, stateEnd + 12));
}

// Read outwards from the run a character at a time, stopping at the first one that is not a
// bullet or blank: slicing the whole line for every run cost time quadratic in a long line.
const LINE_LEAD = /[\s—–\-*>]/;
const LINE_TAIL = /[\s.,!]/;
function aloneOnLine(text: string, start: number, end: number): boolean {
  for (let i = start - 1; i >= 0 && text[i] !== '\n'; i--) if (!LINE_LEAD.test(text[i])) return false;
  for (let i = end; i < text.length && text[i] !== '\n'; i++) if (!LINE_TAIL.test(text[i])) return false;
  return true;
}

function startsSentence(text: string, at: number): boolean {
  return /(?:^|[.!?:;]\s+|\n\s*|^\s*\d+\.\s+)$/.test(text.slice(Math.max(0, at - 6), at)) || at === 0;
}

const FOLLOW_STOP = new Set(
  `home house bedside today tonight tomorrow yesterday morning evening night here there now phone cell number room car work school church
  office side chair floor bed visit call message voicemail mail email text note notes info update updates family too also again
  dinner lunch breakfast meds medication medications appointment appt ride rides transport care help support news results plan
  week weekend month year time times day days hour hours minute minutes way lot bit thing things person people one ones`.split(/\s+/),
);
const VN_FAMILY = new Set('nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh truong lam mai cao doan luong'.split(' '));
const VN_MIDDLE = new Set('van thi duc huu minh quoc ngoc xuan thanh kim'.split(' '));
const ROW_START = /(?:^|\n|\d[.)]?[ \t]+|[:|][ \t]*|\t|[ ]{2,}|\b(?:pt|patient|name|resident|decedent|member|student)[ \t]+)$/i;

const GREETINGS = new Set('hi hey hello hiya yes yeah yep ok okay morning evening afternoon'.split(' '));

/**
 * "hey its wairimu", "hi, i'm zawadi", "this is rosalind", "my name is anh", "i am nyambura": the writer
 * names themself at the start of a message (after a greeting or where a line or message starts).
 */
function selfIntroduction(text: string, tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const before = tokens[i - 2];
  if (prev.key === 'is') return before !== undefined && /^(?:this|name)$/.test(before.key);
  // The word before opens the message: a greeting, or a line start, bracket, colon or full stop between.
  const opener = (k: number) => k < 0 || GREETINGS.has(tokens[k].key) || /[\n\]:>.!?][\s,]*$/.test(text.slice(tokens[k].end, tokens[k + 1].start));
  if (/^(?:its|it['’]s|im|i['’]m)$/i.test(prev.text)) return opener(i - 2);
  return prev.key === 'am' && before !== undefined && before.key === 'i' && opener(i - 3);
}

// Verbs of talking before "with" or "to": "spoke with seonag macinnes", "talked to ifeoma".
const TALK_VERBS = new Set('spoke speaking spoken talked talking met discussed conferred consulted'.split(' '));

/** "daughter of kamau", "mum of tumaini", "spoke with seonag": a relation and "of", or a talking verb and "with"/"to", name the person after them. */
function relationOf(text: string, tokens: Token[], i: number): boolean {
  const rel = tokens[i - 2];
  if (/^(?:with|to)$/.test(tokens[i - 1].key) && rel !== undefined && TALK_VERBS.has(rel.key)) return /^ $/.test(text.slice(rel.end, tokens[i - 1].start));
  return tokens[i - 1].key === 'of' && rel !== undefined && LOWER_CUES.has(rel.key) && !LABEL_WORDS.has(rel.key) && rel.key !== 'by' && /^ $/.test(text.slice(rel.end, tokens[i - 1].start));
}

/**
 * A token test asked many times per note (of a token, its neighbours, the run after it): remembered
 * per token for one call, by the token's position (0 not asked yet, 1 false, 2 true): a typed array
 * costs less than a Map keyed by token.
 */
function perToken(count: number, test: (t: Token) => boolean): (t: Token | undefined) => boolean {
  const seen = new Uint8Array(count);
  return (t) => {
    if (t === undefined) return false;
    if (seen[t.at] === 0) seen[t.at] = test(t) ? 2 : 1;
    return seen[t.at] === 2;
  };
}

/** "jose luis ramirez", "hi dr janeček", "aunt ruth": lower-case names by gazetteer and cue. */
function lowerCaseNames(text: string, tokens: Token[], common: CommonWordTest, push: (s: number, e: number, k: IdentifierKind) => void, nounish: CommonWordTest): void {
  const isName = perToken(tokens.length, (t) => t.lower && hyphenParts(t.fk).every((p) => NAMES.has(p.replace(/^[od]['’]/, ''))) && !commonToken(t, common) && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key));
  // A known name that is also an ordinary word ("lily", "martin", "ward"): a name only beside a
  // name that is not one ("lily declercq", "sarra ward").
  const nameWord = perToken(tokens.length, (t) => t.lower && t.key.length > 2 && gazKey(t) && !LOWER_STOP.has(t.key) && !LOWER_CUES.has(t.key) && !PERSON_CUES.has(t.key) && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key));
  // A lower-case word no lexicon knows ("yıldırım", "okoro"): a name when the text says so.
  const unknownWord = perToken(tokens.length, (t) => t.lower && /[aeiouyà-ÿı]/.test(t.key) && t.key.length > 2 && !commonToken(t, common) && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key) && !CREDENTIALS.has(t.key));
  const space = (a: Token, b: Token) => b.start - a.end === 1 && text[a.end] === ' ';
  const lowerPlace = (t: Token) => t.lower && PLACES.has(t.fk) && t.key.length > 3 && !commonToken(t, common) && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key);
  for (let i = 0; i < tokens.length; i++) {
    // "0.5 ms pulse width": "ms" after a number is milliseconds, not the title "Ms".
    const prev = tokens[i - 1]?.key === 'ms' && /\d[ \t]?$/.test(text.slice(Math.max(0, tokens[i - 1].start - 2), tokens[i - 1].start)) ? undefined : tokens[i - 1];
    // "name:", "pt:" are labels; "Name the tables" is a verb, so label words need their colon,
    // unless two words no lexicon knows follow ("pt gökhan yıldırım", not "pt states").
    const gap = prev === undefined ? '' : text.slice(prev.end, tokens[i].start);
    const labelCue = prev !== undefined && LABEL_WORDS.has(prev.key) && (/^\s*:\s*$/.test(gap) || (/^ $/.test(gap) && unknownWord(tokens[i]) && unknownWord(tokens[i + 1]) && space(tokens[i], tokens[i + 1])));
    // After "by" only a known name ("seen by maria", not "by neuro").
    // "this is rosalind", "my name is anh": a self-introduction names the writer.
    const intro = prev !== undefined && /^ $/.test(gap) && (nameWord(tokens[i]) || unknownWord(tokens[i])) && (selfIntroduction(text, tokens, i) || relationOf(text, tokens, i));
    const cue =
      intro ||
      (prev !== undefined &&
        (LOWER_CUES.has(prev.key) || (CREDENTIALS.has(prev.key) && !AMBIGUOUS_CREDENTIALS.has(prev.key) && !prev.lower)) &&
        (LABEL_WORDS.has(prev.key) ? labelCue : (/^\s+$/.test(gap) || (ABBREVIATED_TITLES.has(prev.key) && /^\.\s+$/.test(gap))) && (prev.key !== 'by' || isName(tokens[i]))));
    // Particles inside or opening a lower-case name ("j. van der merwe", "maria de la cruz").
    const particleRun = (k: number) => PARTICLES.has(tokens[k].key) && tokens.slice(k + 1, k + 3).some((t) => isName(t) || unknownWord(t));
    // After a relation ("roommate wendeline okoth") a second word no lexicon knows is the surname.
    const relCue = cue && prev !== undefined && ((LOWER_CUES.has(prev.key) && !LABEL_WORDS.has(prev.key) && prev.key !== 'by') || intro);
    // The word after a particle inside a lower-case name is the surname it opens ("eluned ap griffith").
    const afterLowerParticle = (k: number) => k > i && (PARTICLES.has(tokens[k - 1].key) || (tokens[k - 1].key === 'do' && k - 1 > i)) && tokens[k].lower && tokens[k].key.length > 2 && !FOLLOW_STOP.has(tokens[k].key) && !LOWER_STOP.has(tokens[k].key) && !MODALS.has(tokens[k].key) && !medicalToken(tokens[k]) && !clinicalToken(tokens[k]) && !NOT_NAMES.has(tokens[k].key);
    let j = i;
    while (
      j < tokens.length &&
      (isName(tokens[j]) || particleRun(j) || (j > i && tokens[j].key === 'do' && tokens[j + 1] !== undefined && unknownWord(tokens[j + 1])) || afterLowerParticle(j) || (cue && (j === i || (labelCue && j === i + 1)) && unknownWord(tokens[j])) || (relCue && j === i + 1 && unknownWord(tokens[j]) && !FOLLOW_STOP.has(tokens[j].key))) &&
      (j === i || space(tokens[j - 1], tokens[j]))
    )
      j++;
    // A surname no lexicon knows after a known given name ("priscilla nakamura-holt").
    if (j > i && isName(tokens[i]) && unknownWord(tokens[j]) && space(tokens[j - 1], tokens[j])) j++;
    // After a relation or a credential even ordinary words that are names are one, with a second
    // name word after them ("daughter ruby lane", "RN bill gates", "neighbor frank castle"); "pt"
    // needs both ("pt rose hill"), and a modal verb is not a name ("son will call").
    const relationCue = prev !== undefined && /^\s+$/.test(gap) && ((LOWER_CUES.has(prev.key) && !LABEL_WORDS.has(prev.key) && prev.key !== 'by') || (CREDENTIALS.has(prev.key) && !AMBIGUOUS_CREDENTIALS.has(prev.key)));
    // After a relation and a known given name, a noun no rule would call a name is the surname
    // ("neighbor ted fox", "wife june snow", "daughter penny hart"), not a place or time word.
    const nounSurname = (t: Token | undefined) => t !== undefined && t.lower && t.key.length > 2 && !FOLLOW_STOP.has(t.key) && !MODALS.has(t.key) && !medicalToken(t) && !clinicalToken(t) && !NOT_NAMES.has(t.key) && !LOWER_CUES.has(t.key) && !PERSON_CUES.has(t.key) && (unknownWord(t) || nounish(t.key));
    const second = space(tokens[i], tokens[i + 1] ?? tokens[i]) && tokens[i + 1] !== undefined && !MODALS.has(tokens[i + 1].key) && (nameWord(tokens[i + 1]) || (relationCue && nounSurname(tokens[i + 1])));
    if (j === i && nameWord(tokens[i]) && !MODALS.has(tokens[i].key) && (relationCue || (prev !== undefined && LABEL_WORDS.has(prev.key) && /^ $/.test(gap) && second))) {
      j = second ? i + 2 : i + 1;
      push(tokens[i].start, tokens[j - 1].end, 'PERSON');
      i = j - 1;
      continue;
    }
    // "walk-in from kemmerer, NM": a lower-case word no lexicon knows before a state code in capitals
    // (and the end of the clause or a ZIP) is a town.
    const state = tokens[i + 1];
    if (
      j <= i + 1 &&
      (unknownWord(tokens[i]) || lowerPlace(tokens[i]) || isName(tokens[i])) &&
      state !== undefined &&
      STATE_CODES.has(state.text.replace(/\.$/, '')) &&
      !AMBIGUOUS_STATES.has(state.text.replace(/\.$/, '')) &&
      /^,? $/.test(text.slice(tokens[i].end, state.start)) &&
      /^(?:\s*$|[.,;)]|\s+\d{5})/.test(text.slice(state.end, state.end + 7))
    ) {
      push(tokens[i].start, tokens[i].end, 'LOCATION');
      continue;
    }
    // "mom in fresno", "drove up from tulsa": a known place in lower case after a place word.
    if (j === i && prev !== undefined && LOWER_PLACE_CUES.has(prev.key) && /^ $/.test(gap) && lowerPlace(tokens[i])) {
      const two = tokens[i + 1] !== undefined && lowerPlace(tokens[i + 1]) && space(tokens[i], tokens[i + 1]);
      push(tokens[i].start, tokens[two ? i + 1 : i].end, 'LOCATION');
      continue;
    }
    if (j === i && nameWord(tokens[i]) && nameWord(tokens[i + 1]) && space(tokens[i], tokens[i + 1]) && (isName(tokens[i]) || isName(tokens[i + 1]))) j = i + 2;
    // "nguyễn văn an", "tran thi bich ngoc": a Vietnamese family name and a middle name ("văn", "thị")
    // take the given name after them whatever word it is ("an", "ha", "long").
    if (VN_FAMILY.has(tokens[i].fk) && tokens[i + 1] !== undefined && VN_MIDDLE.has(tokens[i + 1].fk) && tokens[i + 2] !== undefined && space(tokens[i], tokens[i + 1]) && space(tokens[i + 1], tokens[i + 2]) && !/\d/.test(tokens[i + 2].text)) {
      let e = i + 2;
      while (e + 1 < tokens.length && e < i + 4 && space(tokens[e], tokens[e + 1]) && tokens[e + 1].key.length <= 5 && (unknownWord(tokens[e + 1]) || nameWord(tokens[e + 1])) && !FOLLOW_STOP.has(tokens[e + 1].key)) e++;
      push(tokens[i].start, tokens[e].text.endsWith('.') ? tokens[e].end - 1 : tokens[e].end, 'PERSON');
      i = e;
      continue;
    }
    // "2. okonjo-bright, adaeze", "3) okafor, chidi": two words no lexicon knows around a comma, opening a
    // numbered row or following a label's colon, are "surname, given name" whatever the names.
    if (
      j <= i + 1 &&
      unknownWord(tokens[i]) &&
      tokens[i + 1] !== undefined &&
      unknownWord(tokens[i + 1]) &&
      // Words the tagger knows as nouns ("pain, nausea") are a list, not a name.
      !nounish(tokens[i].key) &&
      !nounish(tokens[i + 1].key) &&
      !isSymptomWord(tokens[i].key) &&
      !isSymptomWord(tokens[i + 1].key) &&
      /^, ?$/.test(text.slice(tokens[i].end, tokens[i + 1].start)) &&
      /(?:^|\n|[\s(])(?:\d{1,3}[.)]|[:])[ \t]*$/.test(text.slice(Math.max(0, tokens[i].start - 8), tokens[i].start)) &&
      !/^,? ?\p{Ll}+,/u.test(text.slice(tokens[i + 1].end, tokens[i + 1].end + 30))
    ) {
      push(tokens[i].start, tokens[i + 1].end, 'PERSON');
      i += 1;
      continue;
    }
    // "o'halloran, brendan": a surname no lexicon knows before a known given name and a comma, where
    // a row or field starts (line start, a number, a label's colon, a column gap), not in a list.
    if (j === i && unknownWord(tokens[i]) && tokens[i + 1] !== undefined && isName(tokens[i + 1]) && /^, ?$/.test(text.slice(tokens[i].end, tokens[i + 1].start)) && ROW_START.test(text.slice(Math.max(0, tokens[i].start - 12), tokens[i].start))) {
      push(tokens[i].start, tokens[i + 1].end, 'PERSON');
      i += 1;
      continue;
    }
    // "spoke with o'brien": a lower-case O' surname (not "o'clock"); where a row starts, with the
    // given name after its comma ("o'brien, siobhan").
    if (j === i && tokens[i].key[0] === 'o' && /^o['’][a-z]{3,}$/.test(tokens[i].key) && tokens[i].key.slice(2) !== 'clock') {
      const given = tokens[i + 1];
      const withGiven =
        given !== undefined && (isName(given) || unknownWord(given)) && /^, ?$/.test(text.slice(tokens[i].end, given.start)) && ROW_START.test(text.slice(Math.max(0, tokens[i].start - 12), tokens[i].start));
      push(tokens[i].start, withGiven ? given.end : tokens[i].end, 'PERSON');
      if (withGiven) i += 1;
      continue;
    }
    // "peña, rosalinda": two known names around a comma.
    if (j - i === 1 && isName(tokens[i]) && tokens[i + 1] && isName(tokens[i + 1]) && /^, ?$/.test(text.slice(tokens[i].end, tokens[i + 1].start))) j = i + 2;
    // "okoro rn", "m. castellanos np": a lower-case name before a lower-case credential.
    const cred = tokens[i + 1];
    if (j - i <= 1 && (isName(tokens[i]) || unknownWord(tokens[i])) && cred !== undefined && (cred.lower || cred.caps) && CREDENTIALS.has(cred.key) && !AMBIGUOUS_CREDENTIALS.has(cred.key) && /^(?:,? |\s?\/\s?)$/.test(text.slice(tokens[i].end, cred.start))) {
      // A lower-case given name before it belongs too ("seen by osric pengelly bsn, rn").
      const given = prev !== undefined && space(prev, tokens[i]) && (isName(prev) || unknownWord(prev)) && !LOWER_CUES.has(prev.key) && !PERSON_CUES.has(prev.key);
      const initial = prev !== undefined && (/^\p{Ll}\.$/u.test(prev.text) || given) && space(prev, tokens[i]) ? prev : tokens[i];
      push(initial.start, tokens[i].end, 'PERSON');
      continue;
    }
    if (j - i >= 2 || (j - i === 1 && cue)) {
      // A lower-case initial before the run belongs to it ("j. van der merwe").
      const initial = prev !== undefined && /^\p{Ll}\.$/u.test(prev.text) && space(prev, tokens[i]) ? prev : tokens[i];
      push(initial.start, tokens[j - 1].end, 'PERSON');
      i = j - 1;
    }
  }
}
