/**
 * What the detectors find of a person is often one word of the name while the rest stays: the
 * surname after a first name ("Ganbaatar Enkhbayar comma date of birth"), the first name after
 * "LAST," ("Okemaw, Mary-Lou   Chart"), an initial before a surname ("M. Featherstonehaugh"). And
 * some names no rule reads: a speaker in a chat export ("[10/21/2015 13:27] loveday penhaligon:"), a
 * lower-case name before the relation it is given ("ieuan prydderch (neighbour)", "fanja
 * razafimahatratra, foster carer"), and initials written with dots ("Collected by Z.M.H."). These
 * widen or add person spans from the text around the merged spans; they never reach into another
 * span.
 */
import { Span } from './deid.types';
import { hasClinicalWord, isMedicalTerm } from './medical-terms';
import { NOT_AN_ACRONYM_ORGANISATION, isCommonWord } from './name-detector';
import { AMBIGUOUS_CREDENTIALS, CREDENTIALS, isCredential } from './credentials';
import { isEnglishWord } from './english-words';
import { isGazetteerName } from './name-rules';
import { isOrganisationWord } from './organisation-words';
import { SpanCover } from './span-cover';

const MONTH_OR_DAY = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;
// A word of a name: Title Case or capitals, diacritics, hyphens and apostrophes (‘ and ʻ too).
const NAME_WORD = /^\p{Lu}[\p{L}\p{M}'’‘ʻ-]{1,30}$/u;

/** A word that may be part of a name: not a common word, a month, a credential, a department or a clinical term. */
function nameLike(word: string): boolean {
  const lower = word.toLowerCase();
  return NAME_WORD.test(word) && !isCommonWord(lower) && !MONTH_OR_DAY.test(word) && !isCredential(word) && !isOrganisationWord(word) && !isMedicalTerm(lower);
}

// The next word after a one-word person span: "Ganbaatar Enkhbayar", then not a capitalised run going on.
const FIELD_LABEL = /^(?:DOB|DOD|DOS|D\.O\.B|MRN|SSN|NHS|NHI|PID|ID|ACCT|AGE|SEX|HR|BP|RR|DX|HX|PMH|CC|HPI|ROS|RE|CSN|FIN|EMPI|UR|TEL|PH|FAX)$/;
// Not a label before a colon ("Okafor  DOB: …"), which is why a colon does not end it.
const NEXT_WORD = /^[ \t]+(\p{Lu}[\p{L}\p{M}'’‘ʻ-]{1,30})(?=[ \t]*(?:$|[\n,;.)(]|[ \t]\p{Ll}))/u;
// "LAST, First" or "LAST, FIRST": one or two name words after the comma, then the field ends or a credential.
const FIRST_AFTER_COMMA = /^,[ \t]?(\p{Lu}[\p{L}\p{M}'’‘ʻ-]{1,30}(?:[ \t]\p{Lu}[\p{L}\p{M}'’‘ʻ-]{1,30})?)(?=[ \t]{2,}|[ \t]*(?:$|\n|[;,.)(])|[ \t]+(\p{L}[\p{L}-]{1,9})(?![\p{L}]))/u;
// An initial just before a surname ("M. Featherstonehaugh", "K. Thandar Aung").
const INITIAL_BEFORE = /(?<![\p{L}\p{N}.])\p{Lu}\.[ \t]?$/u;

// A chat or messaging export's speaker: "[10/21/2015 13:27] loveday penhaligon: hi".
const SPEAKER = /^\[[^\]\n]{4,40}\][ \t]+([\p{L}][\p{L}\p{M}'’‘ʻ.-]*(?:[ \t][\p{L}][\p{L}\p{M}'’‘ʻ.-]*){0,3}):/gmu;
const SPEAKER_ROLES = /^(?:patient|pt|nurse|rn|doctor|dr|pharmacist|pharmacy|system|admin|support|clinic|office|staff|me|you|bot|assistant|reception|front desk|care team)$/i;
// A lower-case name given its relation or role: "ieuan prydderch (neighbour)", "fanja razafimahatratra, foster carer".
const RELATION =
  'neighbour|neighbor|friend|carer|caregiver|foster carer|co-worker|coworker|colleague|landlord|landlady|roommate|housemate|flatmate|partner|' +
  'wife|husband|son|daughter|mother|father|mum|mom|dad|sister|brother|aunt|uncle|niece|nephew|cousin|grandson|granddaughter|grandmother|' +
  'grandfather|stepmother|stepfather|stepson|stepdaughter|guardian|godmother|godfather|fiancé|fiancée|fiance|fiancee|boss|employer|sponsor';
// Found from the relation back (the relation is rare, a lower-case word everywhere): "(neighbour)" or ", foster carer".
const RELATION_CUE = new RegExp(`\\((?:${RELATION})\\)|,[ \\t]+(?:${RELATION})(?![\\p{L}])`, 'gu');
const LOWER_WORD = /^\p{Ll}[\p{L}\p{M}'’-]{1,30}$/u;
const INITIAL_WORD_GATE = /\p{Lu}\.[ \t]?\p{Lu}\p{Ll}/u;
const INITIAL_WORD_AFTER_CUE = /(?<![\p{L}])(?:by|to|from|per|signed|verified|countersigned|[Hh]andover)[ \t]+((?:\p{Lu}\.[ \t]?){1,2}\p{Lu}\p{Ll}[\p{Ll}'’-]{1,30})(?![\p{L}.])/dgu;
const INITIAL_WORD_BEFORE_CREDENTIAL = /(?<![\p{L}.])((?:\p{Lu}\.[ \t]?){1,2}\p{Lu}\p{Ll}[\p{Ll}'’-]{1,30}),?[ \t]+(\p{L}{2,8})(?![\p{L}])/dgu;
const SURNAME_TAIL = /^(?:-\p{Lu}[\p{Ll}\p{M}'’]{1,30}|[ \t](?:al|el|Al|El)-\p{Lu}[\p{Ll}\p{M}'’]{1,30})(?![\p{L}\p{M}-])/u;
const PATRONYM_BEFORE = /(?<![\p{L}\p{M}])(\p{Lu}[\p{Ll}\p{M}'’]{1,30})[ \t](?:bin|ibn|binti|bint|ben)[ \t]$/u;
// One or two Title Case words (a "Surname, Given" pair too) after a separator or the line's start.
const TITLE_NAME_BEFORE = /(?:^|[;:,—–]|[ \t]-)[ \t]*(\p{Lu}[\p{Ll}\p{M}'’-]{1,30}(?:,?[ \t]\p{Lu}[\p{Ll}\p{M}'’-]{1,30})?)$/u;
// Initials with dots, three or four of them ("Z.M.H.", "K.N.A."), not a credential ("B.S.N.", "C.N.A.").
const DOTTED_INITIALS = /(?<![\p{L}\p{N}.])(?:\p{Lu}\.){3,4}(?![\p{L}\p{N}])/gu;
const DOTTED_GATE = /[A-Z]\.[A-Z]\.[A-Z]\./;

// Seventeenth round: a person signed by initials and a credential after a staff label or a sign-off
// ("Nurse: EH RGN", "Kind regards, NM MBChB", "Examiner: KQ OD", "Counsellor AD MD"), not a unit or a
// service before a credential ("ICU RN", "ED MD", "ID MD").
const INITIALS_CREDENTIAL =
  /(?:(?:^|\n)[ \t]*(?:[-—–][ \t]*)?|(?:[Nn]urse|RN|[Ee]xaminer|[Cc]ounsel(?:l)?or|[Tt]ech|[Tt]echnician|[Cc]linician|[Ss]igned(?:[ \t]by)?|[Rr]eviewed[ \t]by|[Rr]eferred[ \t]by|[Rr]egards|[Ss]incerely|[Tt]hanks|[Cc]c|[Pp]er|[Bb]y|[Cc]o-?sign(?:ed)?|[Rr]eceiving|[Aa]dmitting(?:[ \t]RN)?|[Mm]idwife|[Pp]harmacist|[Tt]herapist|[Rr]eporter|[Rr]eported[ \t]by)[ \t]*[:,]?[ \t]+)([A-Z]{2,3})[ \t]+([A-Za-z][A-Za-z()-]{1,9})(?=[ \t]*(?:$|[\n,;.—–-]|[ \t]))/dg;
const NOT_INITIALS = new Set([
  ...NOT_AN_ACRONYM_ORGANISATION,
  ...'GP OPD OP IP IV IM ASAP PRN NPO DNR DNI AMA ICD NHS VA DOB MRN SSN FYI AKA ATTN CEO CFO USA UK EU CAT'.split(' '),
]);
// A name in lower case before a credential in lower case ("referring: kpodo-amenyo msw", "plan agreed
// with akana-kealoha dpt"): words of four letters or more that no English list, lexicon or medical
// list knows; ordinary words before them are left out ("by", "per", "iron"). Not "do", "pa", "od",
// "rd" or "ms", which are words too.
// The credentials of credentials.ts a lower-case note writes after a name, longest first; not those
// that are ordinary words too ("do", "pa", "od", "rd") nor "ms".
const LOWER_CREDENTIAL = [...CREDENTIALS]
  .filter((c) => /^[a-z][a-z-]*$/.test(c) && !AMBIGUOUS_CREDENTIALS.has(c) && c !== 'ms')
  .sort((a, b) => b.length - a.length)
  .join('|');
const LOWER_NAME_CREDENTIAL = new RegExp(
  `(?<![\\p{L}\\p{N}'’.-])(\\p{Ll}[\\p{Ll}\\p{M}'’-]{1,30}(?:[ \\t]\\p{Ll}[\\p{Ll}\\p{M}'’-]{1,30}){0,2})[ \\t]+(?:${LOWER_CREDENTIAL})(?![\\p{L}\\p{N}])`,
  'dgu',
);
const LOWER_CREDENTIAL_GATE = new RegExp(`\\p{Ll}[ \\t]+(?:${LOWER_CREDENTIAL})(?![\\p{L}\\p{N}])`, 'u');
// Twentieth round: before a credential that is also a word ("do", "pa", "od", "rd"), a name of two such
// words ("by shirin ghorbanzadeh do:", "PI jarrah yunupingu-marika do"): one unknown word is not enough.
// The credential ends its clause (a colon, a semicolon, a comma, a bracket or the line's end): "do" before
// a word is the verb or the Portuguese "of" ("the meds dont do anything", "fratura distal do rádio").
const LOWER_NAME_AMBIGUOUS = /(?<![\p{L}\p{N}'’.-])(\p{Ll}[\p{Ll}\p{M}'’-]{1,30}[ \t]\p{Ll}[\p{Ll}\p{M}'’-]{1,30})[ \t]+(?:do|pa|od|rd)(?=[ \t]*(?:[:;,)]|$))/dgmu;
const LOWER_AMBIGUOUS_GATE = /\p{Ll}[ \t]+(?:do|pa|od|rd)(?![\p{L}\p{N}])/u;
/** A lower-case word that can be a name here: not an English word (unless the gazetteer has it), not a lexicon, medical or credential word. */
const lowerNameWord = (w: string): boolean =>
  w.replace(/[-'’]/g, '').length >= 4 && /[aeiouyà-ÿ]/.test(w) && (!isEnglishWord(w) || isGazetteerName(w)) && !isCommonWord(w) && !isMedicalTerm(w) && !isCredential(w) && !hasClinicalWord(w);

const INITIALS_GATE = /(?:^|[^A-Za-z])[A-Z]{2,3}[ \t]+[A-Za-z][A-Za-z()-]{1,9}/;

function person(start: number, end: number): Span {
  return { start, end, kind: 'PERSON', priority: 2 };
}

export function widenPeople(text: string, spans: Span[]): Span[] {
  if (!spans.some((s) => s.kind === 'PERSON' || s.kind === 'ORGANIZATION')) return withUnreadNames(text, spans);
  const out: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    let s = spans[i];
    const nextStart = spans[i + 1]?.start ?? text.length;
    if (s.kind === 'PERSON' || (s.kind === 'ORGANIZATION' && /^\p{Lu}{2,}$/u.test(text.slice(s.start, s.end)))) {
      const value = text.slice(s.start, s.end);
      const after = text.slice(s.end, Math.min(nextStart, s.end + 64));
      const first = !/\s/.test(value) ? FIRST_AFTER_COMMA.exec(after) : null;
      if (first && first[1].split(/[ \t]/).every(nameLike) && (first[2] === undefined || isCredential(first[2]))) {
        s = person(s.start, s.end + first[0].length);
      } else if (s.kind === 'PERSON' && !/\s/.test(value)) {
        const next = NEXT_WORD.exec(after);
        // A record label after a name is no surname ("Okafor  DOB 3/4/1931"); a short one in capitals may be ("Maria LEE").
        const acronym = next !== null && FIELD_LABEL.test(next[1]);
        if (next && !acronym && nameLike(next[1])) s = person(s.start, s.end + next[0].length);
      }
      if (s.kind === 'PERSON') {
        const prevEnd = out.length > 0 ? out[out.length - 1].end : 0;
        const initial = INITIAL_BEFORE.exec(text.slice(Math.max(prevEnd, s.start - 8), s.start));
        if (initial) s = { ...s, start: s.start - initial[0].length };
        // Twentieth round: the rest of a double-barrelled surname ("Marlène Bellerose-Théodore" found up to
        // its hyphen), an Arabic article's surname after the name ("Saeed bin Hamdan al-Falasi"), and a
        // given name with "bin" or "ibn" before it.
        const tail = SURNAME_TAIL.exec(text.slice(s.end, Math.min(nextStart, s.end + 40)));
        if (tail) s = { ...s, end: s.end + tail[0].length };
        const lead = PATRONYM_BEFORE.exec(text.slice(Math.max(prevEnd, s.start - 30), s.start));
        if (lead && nameLike(lead[1])) s = { ...s, start: s.start - lead[0].length };
      }
    }
    out.push(s);
  }
  return withUnreadNames(text, out);
}

/** Speakers of a chat export, lower-case names given a relation, dotted initials: where no span is. */
function withUnreadNames(text: string, spans: Span[]): Span[] {
  const found: Span[] = [];
  const cover = new SpanCover(text.length, spans);
  const add = (start: number, end: number) => {
    const s = person(start, end);
    found.push(s);
    cover.add(s);
  };
  if (text.includes('] ')) {
    SPEAKER.lastIndex = 0;
    for (let m = SPEAKER.exec(text); m; m = SPEAKER.exec(text)) {
      const start = m.index + m[0].length - 1 - m[1].length;
      if (!SPEAKER_ROLES.test(m[1]) && cover.free(start, start + m[1].length)) add(start, start + m[1].length);
    }
  }
  RELATION_CUE.lastIndex = 0;
  for (let m = text.length > 12 ? RELATION_CUE.exec(text) : null; m; m = RELATION_CUE.exec(text)) {
    // Up to three lower-case words right before the cue; the words before the name are dropped
    // ("with ieuan prydderch (neighbour)").
    // (The 100 characters before it, cut at a line break: a search back for the break from every cue
    // was quadratic on a long text without one.)
    const window = text.slice(Math.max(0, m.index - 100), m.index);
    const line = window.slice(window.lastIndexOf('\n') + 1);
    const end = m.index - (line.length - line.trimEnd().length);
    const words = line.trim().split(/[ \t]+/).slice(-3);
    if (!words.every((w) => LOWER_WORD.test(w))) {
      while (words.length > 0 && !LOWER_WORD.test(words[0])) words.shift();
      if (words.length === 0 || !words.every((w) => LOWER_WORD.test(w))) {
        // Twentieth round: a name in Title Case right before its relation in brackets ("Ülle (stepson)",
        // "Yunupingu-Marika, Jarrah (nephew)"), where no rule found it: one or two words that could be a
        // name (not a word of the lexicon, a credential, a month or a medical term), after a separator.
        if (m[0].startsWith('(')) {
          const title = TITLE_NAME_BEFORE.exec(line.trimEnd());
          if (title && title[1].split(/,?[ \t]+/).every(nameLike)) {
            const start = end - title[1].length;
            if (cover.free(start, end)) add(start, end);
          }
        }
        continue;
      }
    }
    let from = 0;
    while (from < words.length && isCommonWord(words[from])) from++;
    const name = words.slice(from);
    if (name.length === 0 || name.some((w) => isCommonWord(w) || isMedicalTerm(w))) continue;
    const start = end - name.join(' ').length;
    if (text.slice(start, end) === name.join(' ') && cover.free(start, end)) add(start, end);
  }
  if (LOWER_CREDENTIAL_GATE.test(text)) {
    LOWER_NAME_CREDENTIAL.lastIndex = 0;
    for (let m = LOWER_NAME_CREDENTIAL.exec(text); m; m = LOWER_NAME_CREDENTIAL.exec(text)) {
      const [from, to] = m.indices![1];
      const words = m[1].split(/[ \t]/);
      let lead = 0;
      while (lead < words.length && !lowerNameWord(words[lead])) lead++;
      if (lead === words.length || !words.slice(lead).every(lowerNameWord)) continue;
      const start = from + words.slice(0, lead).reduce((n, w) => n + w.length + 1, 0);
      if (cover.free(start, to)) add(start, to);
    }
  }
  if (LOWER_AMBIGUOUS_GATE.test(text)) {
    LOWER_NAME_AMBIGUOUS.lastIndex = 0;
    for (let m = LOWER_NAME_AMBIGUOUS.exec(text); m; m = LOWER_NAME_AMBIGUOUS.exec(text)) {
      const [from, to] = m.indices![1];
      if (m[1].split(/[ \t]/).every(lowerNameWord) && cover.free(from, to)) add(from, to);
    }
  }
  // Twenty-first round: an initial and a surname that is also a word ("H. Bright", "H. Summers") after a
  // word that hands over or signs, or before a credential: a person, not the word.
  if (INITIAL_WORD_GATE.test(text)) {
    for (const re of [INITIAL_WORD_AFTER_CUE, INITIAL_WORD_BEFORE_CREDENTIAL]) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const [from, to] = m.indices![1];
        const surname = m[1].replace(/^(?:\p{Lu}\.[ \t]?)+/u, '');
        if (re === INITIAL_WORD_BEFORE_CREDENTIAL && !isCredential(m[2])) continue;
        // Not a germ or a rhythm written with an initial ("S. Aureus", "A. Fib").
        if (!isMedicalTerm(surname.toLowerCase()) && !isCredential(surname) && !/^(?:Fib|Flutter|Coli|Aureus)$/.test(surname) && cover.free(from, to)) add(from, to);
      }
    }
  }
  if (INITIALS_GATE.test(text)) {
    INITIALS_CREDENTIAL.lastIndex = 0;
    for (let m = INITIALS_CREDENTIAL.exec(text); m; m = INITIALS_CREDENTIAL.exec(text)) {
      const [start, end] = m.indices![1];
      if (NOT_INITIALS.has(m[1]) || !isCredential(m[2]) || isCredential(m[1]) || isMedicalTerm(m[1].toLowerCase())) continue;
      if (cover.free(start, end)) add(start, end);
    }
  }
  if (DOTTED_GATE.test(text)) {
    DOTTED_INITIALS.lastIndex = 0;
    for (let m = DOTTED_INITIALS.exec(text); m; m = DOTTED_INITIALS.exec(text)) {
      if (!isCredential(m[0].replace(/\./g, '')) && cover.free(m.index, m.index + m[0].length)) add(m.index, m.index + m[0].length);
    }
  }
  return found.length === 0 ? spans : [...spans, ...found].sort((a, b) => a.start - b.start);
}
